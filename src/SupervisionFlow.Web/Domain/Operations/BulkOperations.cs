using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Operations;
using SupervisionFlow.Web.Features.Suggestions;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>
/// The office's bulk actions on the suggestion list (批量催办、延期、改交办单位). <see cref="PlanAsync"/> says for every
/// selected suggestion what will happen or why it is refused (set-based reads, no writes); <see cref="BulkRunner"/>
/// checks again chunk by chunk inside each chunk's transaction and applies the accepted ones through the existing
/// single-suggestion operations, whose engine commands join that transaction: a chunk commits whole or not at all, and
/// every change has its audit entry on the suggestion's timeline.
/// </summary>
public sealed class BulkOperations(
    AppDbContext db, ProcessEngine engine, InstanceOperations operations, TaskTransfers transfers, WorkingCalendar calendar,
    TimeProvider clock, IOptions<BulkOperationOptions> options, IOptions<NotificationsOptions> notifications)
{
    public const string Reminded = "suggestion.reminded";

    private const string UnitGroup = "unit:";
    private const string UnitHeadGroup = "unitHead:";

    public BulkOperationOptions Options => options.Value;

    /// <summary>
    /// "Select all matching": the ids the list's filter finds within the actor's scope, in the list's order, read in SQL
    /// (not only the visible page). Returns at most one more than the limit, so the caller can tell it was exceeded.
    /// </summary>
    public async Task<IReadOnlyList<int>> SelectMatchingAsync(SuggestionListFilter filter, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = filter.Apply(SuggestionScope.For(actor).Apply(db.Set<Suggestion>().AsNoTracking()), ChinaTime.Today(clock));
        return await SuggestionListFilter.InListOrder(query).Select(s => s.Id).Take(Options.BulkMaxSelection + 1).ToListAsync(cancellationToken);
    }

    /// <summary>What the action would do to each selected suggestion, in the order given. Refuses a wrong request as a whole.</summary>
    public async Task<BulkPlan> PlanAsync(IReadOnlyList<int> suggestionIds, BulkRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suggestionIds);
        ArgumentNullException.ThrowIfNull(request);
        Authorize(actor);
        var ids = suggestionIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw Invalid("ids", "请至少选择一件建议。");
        }
        if (ids.Count > Options.BulkMaxSelection)
        {
            throw Invalid("ids", string.Create(CultureInfo.InvariantCulture,
                $"选择了 {ids.Count} 件，一次批量操作最多 {Options.BulkMaxSelection} 件，请缩小筛选范围。"));
        }
        var units = await UnitsAsync(cancellationToken);
        Validate(request, units);
        return new BulkPlan(request, await CheckAsync(ids, request, units, cancellationToken));
    }

    /// <summary>The handling units by id, read once per run (names for the notes, mailboxes for 催办).</summary>
    internal Task<Dictionary<string, HandlingUnit>> UnitsAsync(CancellationToken cancellationToken) =>
        db.Set<HandlingUnit>().AsNoTracking().ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, cancellationToken);

    /// <summary>
    /// What the action does to each of <paramref name="ids"/> now. <see cref="BulkRunner"/> calls it again inside each
    /// chunk's transaction: what the preview accepted may since have been completed or closed.
    /// </summary>
    internal async Task<List<BulkItem>> CheckAsync(IReadOnlyCollection<int> ids, BulkRequest request, Dictionary<string, HandlingUnit> units, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(clock);
        var suggestions = await db.Set<Suggestion>().AsNoTracking().Include(s => s.Units).AsSplitQuery()
            .Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var keys = ids.Select(Key).ToList();
        var tasks = await db.Set<UserTaskRecord>().AsNoTracking().Where(t => t.BusinessKey != null && keys.Contains(t.BusinessKey))
            .OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        var taskIds = tasks.Select(t => t.Id).ToList();
        var groups = (await db.Set<TaskCandidateRecord>().AsNoTracking().Where(c => c.Kind == "group" && taskIds.Contains(c.TaskId))
                .Select(c => new { c.TaskId, c.Value }).ToListAsync(cancellationToken))
            .ToLookup(c => c.TaskId, c => c.Value, StringComparer.Ordinal);
        var remindKeys = request.Action == BulkAction.Remind ? tasks.Select(t => RemindKey(t.Id, today)).ToList() : [];
        var reminded = remindKeys.Count == 0 ? [] : (await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => remindKeys.Contains(m.DedupKey)).Select(m => m.DedupKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var byKey = tasks.ToLookup(t => t.BusinessKey!, StringComparer.Ordinal);
        var items = new List<BulkItem>(ids.Count);
        foreach (var id in ids)
        {
            if (!suggestions.TryGetValue(id, out var suggestion))
            {
                items.Add(new BulkItem(id, Key(id), "", [], "建议不存在。"));
                continue;
            }
            var handling = byKey[Key(id)]
                .Select(t => (Task: t, Group: groups[t.Id].FirstOrDefault(g => g.StartsWith(UnitGroup, StringComparison.Ordinal))
                                              ?? groups[t.Id].FirstOrDefault(g => g.StartsWith(UnitHeadGroup, StringComparison.Ordinal))))
                .Where(x => x.Group is not null)
                .Select(x => HandlingTask.Of(x.Task, x.Group!))
                .ToList();
            var (changes, refusal) = handling.Count == 0
                ? ([], $"没有承办单位的待办任务（当前状态：{StateLabels.Of(suggestion.State)}）。")
                : request.Action switch
                {
                    BulkAction.Remind => Remind(handling, units, reminded, today),
                    BulkAction.Extend => Extend(handling, units, request, today),
                    _ => ChangeUnit(handling, units, suggestion, request.ToUnitId!),
                };
            items.Add(new BulkItem(id, SuggestionText.Number(suggestion), suggestion.Title, changes, refusal));
        }
        return items;
    }

    private sealed record HandlingTask(UserTaskRecord Task, string UnitId, bool HandlerGroup)
    {
        /// <summary>From the task's unit group, <c>unit:X</c> (a handler's step) or <c>unitHead:X</c> (the head's).</summary>
        public static HandlingTask Of(UserTaskRecord task, string group) =>
            new(task, group[(group.IndexOf(':', StringComparison.Ordinal) + 1)..], group.StartsWith(UnitGroup, StringComparison.Ordinal));

        public string Step => Task.Name ?? Task.ActivityId;

        public DateOnly? DueOn => Task.DueAt is { } due ? ChinaTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc))) : null;
    }

    private static (IReadOnlyList<BulkChange>, string?) Remind(
        List<HandlingTask> handling, Dictionary<string, HandlingUnit> units, HashSet<string> reminded, DateOnly today)
    {
        var changes = new List<BulkChange>();
        foreach (var h in handling)
        {
            var unit = units.GetValueOrDefault(h.UnitId);
            if (unit is null || string.IsNullOrWhiteSpace(unit.Email))
            {
                return ([], $"{unit?.Name ?? h.UnitId} 没有登记电子邮箱，无法发送催办通知。");
            }
            if (reminded.Contains(RemindKey(h.Task.Id, today)))
            {
                return ([], $"今天已向 {unit.Name} 催办过“{h.Step}”。");
            }
            var due = h.DueOn is { } d ? $"，办理期限 {Day(d)}" : "";
            changes.Add(new BulkChange(h.Task.Id, h.UnitId, $"向 {unit.Name} 发送催办通知（{h.Step}{due}）"));
        }
        return (changes, null);
    }

    private (IReadOnlyList<BulkChange>, string?) Extend(List<HandlingTask> handling, Dictionary<string, HandlingUnit> units, BulkRequest request, DateOnly today)
    {
        var changes = new List<BulkChange>();
        foreach (var h in handling)
        {
            var name = UnitName(units, h.UnitId);
            if (request.ExtendTo is null && h.DueOn is null)
            {
                return ([], $"{name}“{h.Step}”没有办理期限，不能顺延工作日；请改为指定新期限日期。");
            }
            var newDue = request.ExtendTo ?? calendar.AddWorkingDays(h.DueOn!.Value, request.ExtendDays!.Value);
            if (h.DueOn is { } current && newDue <= current)
            {
                return ([], $"{name}“{h.Step}”的新期限 {Day(newDue)} 不晚于当前期限 {Day(current)}。");
            }
            if (newDue < today)
            {
                return ([], $"新期限 {Day(newDue)} 早于今天。");
            }
            changes.Add(new BulkChange(h.Task.Id, h.UnitId, $"{name}“{h.Step}”期限 {(h.DueOn is { } c ? Day(c) : "无")} → {Day(newDue)}", newDue));
        }
        return (changes, null);
    }

    private static (IReadOnlyList<BulkChange>, string?) ChangeUnit(List<HandlingTask> handling, Dictionary<string, HandlingUnit> units, Suggestion suggestion, string toUnitId)
    {
        var handlerTasks = handling.Where(h => h.HandlerGroup).ToList();
        var to = UnitName(units, toUnitId);
        if (handlerTasks.Count == 0)
        {
            return ([], "当前待办在单位负责人环节，不能改交办单位；请在流程干预页处理。");
        }
        if (handlerTasks.Select(h => h.UnitId).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            return ([], "有多个承办单位同时办理（会办/分办），请在流程干预页逐件改派。");
        }
        var from = handlerTasks[0].UnitId;
        if (from == toUnitId)
        {
            return ([], $"已由 {to} 承办。");
        }
        if (suggestion.Units.Any(u => u.IsActive && u.UnitId == toUnitId))
        {
            return ([], $"{to} 已是该建议的承办单位。");
        }
        if (handlerTasks.Any(h => h.Task.DelegationState == Engine.Operations.TaskDelegation.Pending))
        {
            return ([], "任务正在委托办理中，请待交回后再改派。");
        }
        return ([.. handlerTasks.Select(h => new BulkChange(h.Task.Id, from, $"“{h.Step}”{UnitName(units, from)} → {to}"))], null);
    }

    /// <summary>Applies an accepted item through the single-suggestion operations, whose commands join the caller's transaction.</summary>
    internal async Task ApplyAsync(BulkItem item, BulkRequest request, Dictionary<string, HandlingUnit> units, Actor actor, CancellationToken cancellationToken)
    {
        var reason = (request.Reason ?? "").Trim();
        foreach (var change in item.Changes)
        {
            switch (request.Action)
            {
                case BulkAction.Extend:
                    await operations.ChangeTaskDeadlineAsync(item.SuggestionId, change.TaskId, change.NewDueOn!.Value, $"{reason}（批量延期）", actor, cancellationToken);
                    break;
                case BulkAction.ChangeUnit:
                    await transfers.ReassignUnitAsync(item.SuggestionId, change.TaskId, request.ToUnitId!, $"{reason}（批量改交办单位）", actor, cancellationToken);
                    break;
                default:
                    await RemindAsync(item, change, units[change.UnitId], reason, actor, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>催办: the notice and its audit entry in one command of the engine's runner (joining the chunk's transaction).</summary>
    private Task RemindAsync(BulkItem item, BulkChange change, HandlingUnit unit, string reason, Actor actor, CancellationToken cancellationToken) =>
        engine.RunAsync(db, actor.UserName, async (_, token) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var task = await db.Set<UserTaskRecord>().AsNoTracking().FirstAsync(t => t.Id == change.TaskId, token);
            var step = task.Name ?? task.ActivityId;
            var label = $"{item.Number}《{item.Title}》";
            var lines = new List<string>
            {
                $"{unit.Name}：",
                "",
                "人大常委会联工委督促贵单位加快办理以下代表建议。",
                "",
                $"建议：{label}",
                $"当前环节：{step}",
            };
            if (task.DueAt is { } due)
            {
                lines.Add($"办理期限：{NoticeText.DateAndTime(due)}");
            }
            if (reason.Length > 0)
            {
                lines.Add($"催办说明：{reason}");
            }
            lines.Add($"办理链接：{NoticeText.Link(notifications.Value.BaseUrl, $"tasks/{Uri.EscapeDataString(task.Id)}")}");
            await Outbox.EnqueueAsync(db, new OutboxMessage
            {
                CreatedAt = now,
                DedupKey = RemindKey(task.Id, ChinaTime.Today(clock)),
                SuggestionId = item.SuggestionId,
                To = unit.Email!.Trim(),
                ToName = unit.Name,
                Subject = NoticeText.Shorten($"【催办】{label} {step}", 200),
                Body = NoticeText.Body(lines),
            }, token);
            AuditTrail.Add(db, actor.UserName, Reminded, item.SuggestionId, reason.Length > 0 ? $"向 {unit.Name} 催办“{step}”：{reason}" : $"向 {unit.Name} 催办“{step}”", now);
            return true;
        }, cancellationToken);

    private static void Authorize(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOffice && !actor.IsAdmin)
        {
            throw new HandlingForbiddenException("只有联工委或系统管理员可以批量操作建议。");
        }
    }

    private static void Validate(BulkRequest request, Dictionary<string, HandlingUnit> units)
    {
        if (request.Action != BulkAction.Remind && string.IsNullOrWhiteSpace(request.Reason))
        {
            throw Invalid("reason", "请填写理由。");
        }
        if (request.Action == BulkAction.Extend && (request.ExtendDays is null) == (request.ExtendTo is null))
        {
            throw Invalid("extendDays", "延期请填写顺延的工作日数或新期限日期（二选一）。");
        }
        if (request.Action == BulkAction.Extend && request.ExtendDays is < 1 or > 365)
        {
            throw Invalid("extendDays", "顺延的工作日数应为 1–365。");
        }
        if (request.Action == BulkAction.ChangeUnit && (request.ToUnitId is null || !units.TryGetValue(request.ToUnitId, out var unit) || !unit.IsActive))
        {
            throw Invalid("toUnitId", "请选择有效的新承办单位。");
        }
    }

    /// <summary>
    /// A refusal of the suggestion's own state, which a second try would meet again: the chunk is reported as failed
    /// and the run goes on. A failed save (<see cref="DbUpdateException"/>: a lost connection, a concurrent change) is
    /// not one: it stops the run where it is, to be resumed.
    /// </summary>
    internal static bool IsRefusal(Exception e) =>
        e is EngineException or HandlingValidationException or HandlingNotFoundException or HandlingForbiddenException;

    internal static string Describe(Exception e) => e is EngineException engineError ? OperationMessages.For(engineError) : e.Message;

    private static HandlingValidationException Invalid(string field, string message) =>
        new(message, new Dictionary<string, string> { [field] = message });

    private static string RemindKey(string taskId, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"bulk-remind:{taskId}:{day:yyyyMMdd}");

    private static string UnitName(Dictionary<string, HandlingUnit> units, string unitId) => units.GetValueOrDefault(unitId)?.Name ?? unitId;

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
