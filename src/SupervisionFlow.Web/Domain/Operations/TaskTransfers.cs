using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>
/// Who works a task (转办、委托、改派): a unit head hands a task to another handler of the unit; a handler delegates
/// it to a colleague and gets it back when the colleague resolves it (Camunda's delegation); the office moves a task to
/// another unit, recorded as a re-assignment. A unit only ever reaches its own tasks and its own people. Each is one
/// command of the engine's runner with its audit entry (shown on the suggestion's timeline).
/// </summary>
public sealed class TaskTransfers(AppDbContext db, ProcessEngine engine, TimeProvider clock)
{
    public const string Transferred = "task.transferred";
    public const string Delegated = "task.delegated";
    public const string DelegationResolved = "task.delegation-resolved";
    public const string UnitReassigned = "task.unit-reassigned";

    /// <summary>转办: the head of the task's unit gives it to <paramref name="toUser"/>, a handler of the same unit.</summary>
    public Task<TaskHandOver> TransferAsync(int suggestionId, string taskId, string toUser, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, async (unit, token) =>
        {
            var unitId = await UnitOfTaskAsync(suggestionId, taskId, token);
            if (!actor.InGroup(Actor.UnitHeadGroup(unitId)))
            {
                throw new HandlingForbiddenException("只有本单位负责人可以转办本单位的任务。");
            }
            await EnsureColleagueAsync(unitId, toUser, token);
            Require(reason, suggestionId);
            var handOver = await unit.TransferAsync(taskId, toUser, token);
            Audit(actor, Transferred, suggestionId, $"{handOver.Name} {handOver.From ?? "本单位"} → {toUser}：{reason.Trim()}");
            return handOver;
        }, cancellationToken);

    /// <summary>委托: a handler of the task's unit lends it to a colleague; it comes back when the colleague resolves it.</summary>
    public Task<TaskHandOver> DelegateAsync(int suggestionId, string taskId, string toUser, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, async (unit, token) =>
        {
            var unitId = await UnitOfTaskAsync(suggestionId, taskId, token);
            var assignee = await db.Set<UserTaskRecord>().Where(t => t.Id == taskId).Select(t => t.Assignee).FirstAsync(token);
            if (!actor.InGroup(Actor.UnitGroup(unitId)) || (assignee is not null && assignee != actor.UserName))
            {
                throw new HandlingForbiddenException("只能委托本人承办的本单位任务。");
            }
            if (toUser == actor.UserName)
            {
                throw new HandlingValidationException("不能委托给自己", new Dictionary<string, string> { ["toUser"] = "不能委托给自己" }, suggestionId);
            }
            await EnsureColleagueAsync(unitId, toUser, token);
            var handOver = await unit.DelegateAsync(taskId, toUser, actor.UserName, token);
            Audit(actor, Delegated, suggestionId, $"{handOver.Name} 委托 {toUser} 办理");
            return handOver;
        }, cancellationToken);

    /// <summary>The delegate gives the task back to its owner, who completes it.</summary>
    public Task<TaskHandOver> ResolveAsync(int suggestionId, string taskId, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, async (unit, token) =>
        {
            await UnitOfTaskAsync(suggestionId, taskId, token);
            var handOver = await unit.ResolveAsync(taskId, actor.UserName, cancellationToken: token);
            Audit(actor, DelegationResolved, suggestionId, $"{handOver.Name} 交回 {handOver.To}");
            return handOver;
        }, cancellationToken);

    /// <summary>改派 (office): the task and the steps after it go to <paramref name="toUnitId"/>; recorded as an approved re-assignment.</summary>
    public Task<TaskHandOver> ReassignUnitAsync(int suggestionId, string taskId, string toUnitId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, async (unit, token) =>
        {
            if (!actor.IsOffice && !actor.IsAdmin)
            {
                throw new HandlingForbiddenException("只有联工委可以改派承办单位。");
            }
            Require(reason, suggestionId);
            var fromUnitId = await UnitOfTaskAsync(suggestionId, taskId, token, handlerGroupOnly: true);
            if (toUnitId == fromUnitId || !await db.Set<HandlingUnit>().AnyAsync(u => u.Id == toUnitId && u.IsActive, token))
            {
                throw new HandlingValidationException("请选择另一个有效的承办单位", new Dictionary<string, string> { ["toUnitId"] = "请选择另一个有效的承办单位" }, suggestionId);
            }
            var suggestion = await db.Set<Suggestion>().Include(s => s.Units).FirstAsync(s => s.Id == suggestionId, token);
            var now = clock.GetUtcNow().UtcDateTime;
            var old = suggestion.Units.FirstOrDefault(u => u.UnitId == fromUnitId && u.IsActive);
            if (old is not null)
            {
                old.IsActive = false;
                suggestion.Units.Add(new SuggestionUnit { UnitId = toUnitId, Role = old.Role });
            }
            db.Add(new ReassignmentDecision
            {
                SuggestionId = suggestionId, FromUnitId = fromUnitId, ToUnitId = toUnitId, Approved = true, Reason = reason.Trim(),
                RecordedBy = actor.UserName, RecordedAt = now,
            });
            var task = await db.Set<UserTaskRecord>().FirstAsync(t => t.Id == taskId, token);
            var handlingUnits = await HandlingUnitsAsync(task.ProcessInstanceId, token);
            if (handlingUnits is not null)
            {
                await unit.SetVariablesAsync(task.ProcessInstanceId, new JsonObject
                {
                    ["handlingUnits"] = new JsonArray([.. handlingUnits.Select(u => (JsonNode?)(u == fromUnitId ? toUnitId : u))]),
                }, actor.UserName, token);
            }
            var handOver = await unit.ReplaceCandidateGroupAsync(taskId, Actor.UnitGroup(fromUnitId), Actor.UnitGroup(toUnitId),
                new JsonObject { ["unit"] = toUnitId }, token);
            Audit(actor, UnitReassigned, suggestionId, $"{handOver.Name} {fromUnitId} → {toUnitId}：{reason.Trim()}");
            return handOver;
        }, cancellationToken);

    /// <summary>The unit the task is offered to (<c>unit:X</c>, or <c>unitHead:X</c> unless only handler tasks count); refused for another suggestion's task.</summary>
    private async Task<string> UnitOfTaskAsync(int suggestionId, string taskId, CancellationToken cancellationToken, bool handlerGroupOnly = false)
    {
        var businessKey = await db.Set<UserTaskRecord>().Where(t => t.Id == taskId).Select(t => t.BusinessKey).FirstOrDefaultAsync(cancellationToken);
        if (businessKey != suggestionId.ToString(CultureInfo.InvariantCulture))
        {
            throw new HandlingNotFoundException($"建议 {suggestionId} 没有这个待办任务。");
        }
        var groups = await db.Set<TaskCandidateRecord>().Where(c => c.TaskId == taskId && c.Kind == "group").Select(c => c.Value).ToListAsync(cancellationToken);
        var unitGroup = groups.FirstOrDefault(g => g.StartsWith("unit:", StringComparison.Ordinal))
                        ?? (handlerGroupOnly ? null : groups.FirstOrDefault(g => g.StartsWith("unitHead:", StringComparison.Ordinal)));
        return unitGroup is null
            ? throw new HandlingValidationException("该任务不是承办单位的任务。", null, suggestionId)
            : unitGroup[(unitGroup.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    private async Task EnsureColleagueAsync(string unitId, string userName, CancellationToken cancellationToken)
    {
        if (!await db.Set<AppUser>().AnyAsync(u => u.UserName == userName && u.UnitId == unitId, cancellationToken))
        {
            throw new HandlingValidationException("只能交给本单位的人员", new Dictionary<string, string> { ["toUser"] = "只能交给本单位的人员" });
        }
    }

    private async Task<List<string>?> HandlingUnitsAsync(string processInstanceId, CancellationToken cancellationToken)
    {
        var json = await db.Set<ProcessInstanceRecord>().Where(i => i.Id == processInstanceId).Select(i => i.VariablesJson).FirstAsync(cancellationToken);
        return (JsonNode.Parse(json) as JsonObject)?["handlingUnits"] is JsonArray units ? [.. units.Select(u => u?.ToString() ?? "")] : null;
    }

    private static void Require(string reason, int suggestionId)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new HandlingValidationException("请填写理由", new Dictionary<string, string> { ["reason"] = "请填写理由" }, suggestionId);
        }
    }

    private void Audit(Actor actor, string action, int suggestionId, string details) =>
        AuditTrail.Add(db, actor.UserName, action, suggestionId, details, clock.GetUtcNow().UtcDateTime);
}
