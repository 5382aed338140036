using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;

namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>
/// The office's corrections to a suggestion's running process (流程干预): change a task's deadline or a timer's due
/// date, move a step back (退回三定) or skip one — each with a reason. Each is one command of the engine's runner: the
/// engine change and the audit entry (shown on the suggestion's timeline) commit together or not at all.
/// </summary>
public sealed class InstanceOperations(AppDbContext db, ProcessEngine engine, TimeProvider clock)
{
    public const string TaskDueChanged = "process.task-due-changed";
    public const string TimerDueChanged = "process.timer-due-changed";
    public const string Moved = "process.moved";
    public const string Skipped = "process.skipped";

    /// <summary>Sets an open task's deadline to the end of <paramref name="dueOn"/> (China time).</summary>
    public Task<DueChange> ChangeTaskDeadlineAsync(int suggestionId, string taskId, DateOnly dueOn, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(suggestionId, reason, actor, async (unit, why, now, token) =>
        {
            await TaskOfAsync(suggestionId, taskId, token);
            var change = await unit.ChangeTaskDueAsync(taskId, ChinaTime.EndOfDay(dueOn).UtcDateTime, token);
            AuditTrail.Add(db, actor.UserName, TaskDueChanged, suggestionId, $"{Step(change.ActivityName, change.ActivityId)} 期限 {Day(change.OldDueAt)} → {Day(change.NewDueAt)}：{why}", now);
            return change;
        }, cancellationToken);

    /// <summary>Sets a waiting timer (e.g. the 答复逾期 guard) to fire at the end of <paramref name="dueOn"/> (China time).</summary>
    public Task<DueChange> ChangeTimerDueAsync(int suggestionId, string timerId, DateOnly dueOn, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(suggestionId, reason, actor, async (unit, why, now, token) =>
        {
            var instanceId = await db.Set<JobRecord>().Where(j => j.Id == timerId).Select(j => j.ProcessInstanceId).FirstOrDefaultAsync(token);
            var businessKey = await db.Set<ProcessInstanceRecord>().Where(i => i.Id == instanceId).Select(i => i.BusinessKey).FirstOrDefaultAsync(token);
            if (businessKey != Key(suggestionId))
            {
                throw new HandlingNotFoundException($"建议 {suggestionId} 没有这个定时器。");
            }
            var change = await unit.ChangeTimerDueAsync(timerId, ChinaTime.EndOfDay(dueOn).UtcDateTime, token);
            AuditTrail.Add(db, actor.UserName, TimerDueChanged, suggestionId, $"{Step(change.ActivityName, change.ActivityId)} 定时 {Day(change.OldDueAt)} → {Day(change.NewDueAt)}：{why}", now);
            return change;
        }, cancellationToken);

    /// <summary>Cancels an open task's step and starts <paramref name="toActivityId"/> in its place (a step back or forward).</summary>
    public Task<TokenMove> MoveTaskAsync(int suggestionId, string taskId, string toActivityId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(suggestionId, reason, actor, async (unit, why, now, token) =>
        {
            await TaskOfAsync(suggestionId, taskId, token);
            var move = await unit.MoveTaskAsync(taskId, toActivityId, token);
            AuditTrail.Add(db, actor.UserName, Moved, suggestionId, $"{Step(move.FromName, move.FromActivityId)} → {Step(move.ToName, move.ToActivityId)}：{why}", now);
            return move;
        }, cancellationToken);

    /// <summary>Cancels an open task's step and goes on as if it had been completed.</summary>
    public Task<TokenMove> SkipTaskAsync(int suggestionId, string taskId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(suggestionId, reason, actor, async (unit, why, now, token) =>
        {
            await TaskOfAsync(suggestionId, taskId, token);
            var move = await unit.SkipTaskAsync(taskId, token);
            AuditTrail.Add(db, actor.UserName, Skipped, suggestionId, $"跳过 {Step(move.FromName, move.FromActivityId)}：{why}", now);
            return move;
        }, cancellationToken);

    private Task<T> RunAsync<T>(
        int suggestionId, string reason, Actor actor, Func<EngineUnitOfWork, string, DateTime, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOffice && !actor.IsAdmin)
        {
            throw new HandlingForbiddenException("只有联工委或系统管理员可以调整办理流程。");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new HandlingValidationException("请填写理由", new Dictionary<string, string> { ["reason"] = "请填写理由" }, suggestionId);
        }
        return engine.RunAsync(db, actor.UserName, (unit, token) => body(unit, reason.Trim(), clock.GetUtcNow().UtcDateTime, token), cancellationToken);
    }

    /// <summary>The open task, refused unless it belongs to the suggestion (its business key).</summary>
    private async Task TaskOfAsync(int suggestionId, string taskId, CancellationToken cancellationToken)
    {
        var businessKey = await db.Set<UserTaskRecord>().Where(t => t.Id == taskId).Select(t => t.BusinessKey).FirstOrDefaultAsync(cancellationToken);
        if (businessKey is not null && businessKey != Key(suggestionId))
        {
            throw new HandlingNotFoundException($"建议 {suggestionId} 没有这个任务。");
        }
    }

    private static string Key(int suggestionId) => suggestionId.ToString(CultureInfo.InvariantCulture);

    private static string Step(string? name, string? id) => name ?? id ?? "";

    private static string Day(DateTime? utc) =>
        utc is { } value ? ChinaTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "无";
}
