using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>
/// Completes a user task through its form: checks the actor may work on it, lets the form write its domain record,
/// then completes the engine task with the form's variables — domain rows, audit entry and engine state in one
/// command of the engine's runner (one <c>SaveChanges</c>, one transaction). A failure leaves nothing behind.
/// </summary>
public sealed class TaskFormService(
    AppDbContext db, ProcessEngine engine, IEnumerable<ITaskForm> forms, TimeProvider clock, WorkingCalendar calendar,
    Microsoft.Extensions.Options.IOptions<HandlingProfile> profile)
{
    private readonly Dictionary<string, ITaskForm> _forms = forms.ToDictionary(f => f.FormKey, StringComparer.Ordinal);

    public bool HasForm(string? formKey) => formKey is not null && _forms.ContainsKey(formKey);

    /// <summary>True when <paramref name="actor"/> may see and complete <paramref name="task"/>.</summary>
    public static bool CanWork(Actor actor, TaskView task) =>
        task.Assignee == actor.UserName
        || task.CandidateUsers.Contains(actor.UserName)
        || task.CandidateGroups.Any(actor.InGroup);

    public Task SubmitAsync(string taskId, Actor actor, JsonObject values, CancellationToken cancellationToken = default) =>
        SubmitAsync(taskId, actor, values, [], cancellationToken);

    /// <summary>Completes the task with the form's values and the files sent with it (a form without attachments ignores them).</summary>
    public Task SubmitAsync(string taskId, Actor actor, JsonObject values, IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, (unit, token) => SubmitAsync(unit, taskId, actor, values, files, token), cancellationToken);

    /// <summary>
    /// The body of a submission, for a caller that runs several in one command (a 交办会 chunk). Checks first, inside
    /// the command's transaction, that the task is still open: a task someone else just finished is reported as such
    /// (<see cref="EngineErrorCodes.TaskAlreadyCompleted"/>), not as "not found" or as the form rule the stale input
    /// would break.
    /// </summary>
    public async Task SubmitAsync(EngineUnitOfWork unit, string taskId, Actor actor, JsonObject values, IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        // Read inside the command (a lost race is refused with its code); the completion below reuses the rows.
        var task = await unit.GetOpenTaskAsync(taskId, cancellationToken);
        if (!CanWork(actor, task))
        {
            throw new HandlingForbiddenException($"“{task.Name}”不是您的待办任务。");
        }
        if (task.FormKey is null || !_forms.TryGetValue(task.FormKey, out var form))
        {
            throw new HandlingValidationException($"任务“{task.Name}”没有可用的表单（formKey={task.FormKey}）。");
        }
        var suggestion = await LoadSuggestionAsync(task, form.ReadsSuggestionCollections, cancellationToken);
        var context = new FormContext(db, unit, task, suggestion, actor, clock.GetUtcNow(), calendar, profile.Value, new FormInput(values), files);
        var variables = await form.ApplyAsync(context, cancellationToken);
        context.Audit("task.completed", $"{task.Name}（{task.ActivityId}）");
        await unit.CompleteTaskAsync(taskId, actor.UserName, variables, cancellationToken);
    }

    private async Task<Suggestion> LoadSuggestionAsync(TaskView task, bool withCollections, CancellationToken cancellationToken)
    {
        var idText = task.Variables["suggestionId"]?.ToString() ?? task.BusinessKey;
        _ = int.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id);
        var suggestions = withCollections
            ? db.Set<Suggestion>().Include(s => s.Units).Include(s => s.CoSigners).AsSplitQuery()
            : db.Set<Suggestion>();
        return await suggestions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
               ?? throw new HandlingNotFoundException($"任务“{task.Name}”对应的建议 {idText} 不存在。");
    }
}
