using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Operations;

/// <summary>
/// 流程干预 (office): the open tasks and waiting timers of one suggestion's processes, each with a form to change its
/// deadline, move it back to an earlier step or skip it — always with a reason, recorded on the timeline.
/// </summary>
[Authorize(Policy = Policies.Office)]
public sealed class ModifyModel(AppDbContext db, ProcessEngine engine, InstanceOperations operations, TaskTransfers transfers, CurrentActor current) : PageModel
{
    public sealed record StepOption(string ActivityId, string Name);

    public sealed record TaskRow(TaskView Task, IReadOnlyList<StepOption> EarlierSteps);

    public Suggestion Suggestion { get; private set; } = null!;

    public IReadOnlyList<TaskRow> Tasks { get; private set; } = [];

    public IReadOnlyList<TimerView> Timers { get; private set; } = [];

    /// <summary>Active handling units, for 改派.</summary>
    public IReadOnlyList<Domain.Directory.HandlingUnit> Units { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var suggestion = await db.Set<Suggestion>().FindAsync([id], cancellationToken);
        if (suggestion is null)
        {
            return NotFound();
        }
        Suggestion = suggestion;
        var key = id.ToString(CultureInfo.InvariantCulture);
        var tasks = await engine.FindTasksAsync(new TaskQuery(BusinessKey: key), cancellationToken);
        var rows = new List<TaskRow>();
        foreach (var task in tasks.OrderBy(t => t.CreatedAt))
        {
            // Earlier steps of the same instance: where a token may be moved back to (the engine refuses other scopes).
            var history = await engine.GetHistoryAsync(task.ProcessInstanceId, cancellationToken);
            var earlier = history.Where(h => h.ActivityType == "userTask" && h.ActivityId != task.ActivityId && h.EndedAt is not null && !h.Canceled)
                .GroupBy(h => h.ActivityId).Select(g => new StepOption(g.Key, g.First().ActivityName ?? g.Key)).ToList();
            rows.Add(new TaskRow(task, earlier));
        }
        Tasks = rows;
        var timers = new List<TimerView>();
        foreach (var instance in await engine.FindInstancesAsync(new InstanceQuery(BusinessKey: key, State: "active"), cancellationToken))
        {
            timers.AddRange((await engine.GetTimersAsync(instance.Id, cancellationToken)).Where(t => t.DueAt is not null));
        }
        Timers = timers;
        Units = await db.Set<Domain.Directory.HandlingUnit>().AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Name).ToListAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostTaskDueAsync(int id, string taskId, DateOnly dueOn, string reason, CancellationToken cancellationToken) =>
        DoAsync(id, async () => await operations.ChangeTaskDeadlineAsync(id, taskId, dueOn, reason, current.Actor, cancellationToken), "任务期限已调整。");

    public Task<IActionResult> OnPostTimerDueAsync(int id, string timerId, DateOnly dueOn, string reason, CancellationToken cancellationToken) =>
        DoAsync(id, async () => await operations.ChangeTimerDueAsync(id, timerId, dueOn, reason, current.Actor, cancellationToken), "定时已调整。");

    public Task<IActionResult> OnPostMoveAsync(int id, string taskId, string toActivityId, string reason, CancellationToken cancellationToken) =>
        DoAsync(id, async () => await operations.MoveTaskAsync(id, taskId, toActivityId, reason, current.Actor, cancellationToken), "已退回到所选环节。");

    public Task<IActionResult> OnPostSkipAsync(int id, string taskId, string reason, CancellationToken cancellationToken) =>
        DoAsync(id, async () => await operations.SkipTaskAsync(id, taskId, reason, current.Actor, cancellationToken), "已跳过该环节。");

    public Task<IActionResult> OnPostReassignUnitAsync(int id, string taskId, string toUnitId, string reason, CancellationToken cancellationToken) =>
        DoAsync(id, async () => await transfers.ReassignUnitAsync(id, taskId, toUnitId, reason, current.Actor, cancellationToken), "已改派承办单位。");

    private async Task<IActionResult> DoAsync(int id, Func<Task> operation, string done)
    {
        try
        {
            await operation();
            Message = done;
        }
        catch (EngineException e)
        {
            Error = OperationMessages.For(e);
        }
        catch (HandlingValidationException e)
        {
            Error = e.Message;
        }
        catch (HandlingNotFoundException e)
        {
            Error = e.Message;
        }
        return RedirectToPage(new { id });
    }

    public static string Day(DateTime? utc) =>
        utc is { } value ? Domain.Calendar.ChinaTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
}
