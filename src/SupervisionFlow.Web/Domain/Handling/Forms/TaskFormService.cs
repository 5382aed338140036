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
        var form = FormOf(task);
        await ApplyAsync(unit, task, await LoadSuggestionAsync(task, form.ReadsSuggestionCollections, cancellationToken), form, actor, values, files, cancellationToken);
    }

    /// <summary>
    /// The body of a submission whose task and suggestion the caller read already, inside the command (a 交办会 chunk
    /// reads them for all its lines at once: <see cref="EngineUnitOfWork.LoadOpenTasksAsync"/> and one query for the
    /// suggestions with their units and co-signers, tracked). Checks that the task is still open as the other overload does.
    /// </summary>
    public async Task SubmitAsync(
        EngineUnitOfWork unit, TaskView task, Suggestion suggestion, Actor actor, JsonObject values, IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(suggestion);
        await unit.EnsureTaskOpenAsync(task.Id, cancellationToken);
        await ApplyAsync(unit, task, suggestion, FormOf(task), actor, values, files, cancellationToken);
    }

    private ITaskForm FormOf(TaskView task) =>
        task.FormKey is not null && _forms.TryGetValue(task.FormKey, out var form)
            ? form
            : throw new HandlingValidationException($"任务“{task.Name}”没有可用的表单（formKey={task.FormKey}）。");

    private async Task ApplyAsync(
        EngineUnitOfWork unit, TaskView task, Suggestion suggestion, ITaskForm form, Actor actor, JsonObject values, IReadOnlyList<UploadedFile> files,
        CancellationToken cancellationToken)
    {
        if (!CanWork(actor, task))
        {
            throw new HandlingForbiddenException($"“{task.Name}”不是您的待办任务。");
        }
        var context = new FormContext(db, unit, task, suggestion, actor, clock.GetUtcNow(), calendar, profile.Value, new FormInput(values), files);
        var variables = await form.ApplyAsync(context, cancellationToken);
        context.Audit("task.completed", $"{task.Name}（{task.ActivityId}）");
        await unit.CompleteTaskAsync(task.Id, actor.UserName, variables, cancellationToken);
    }

    /// <summary>The suggestion a task works on: its <c>suggestionId</c> variable, else its business key (0 when neither is a number).</summary>
    public static int SuggestionIdOf(TaskView task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var idText = task.Variables["suggestionId"]?.ToString() ?? task.BusinessKey;
        return int.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }

    private async Task<Suggestion> LoadSuggestionAsync(TaskView task, bool withCollections, CancellationToken cancellationToken)
    {
        var id = SuggestionIdOf(task);
        var suggestions = withCollections
            ? db.Set<Suggestion>().Include(s => s.Units).Include(s => s.CoSigners).AsSplitQuery()
            : db.Set<Suggestion>();
        return await suggestions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
               ?? throw new HandlingNotFoundException($"任务“{task.Name}”对应的建议 {task.Variables["suggestionId"]?.ToString() ?? task.BusinessKey} 不存在。");
    }
}
