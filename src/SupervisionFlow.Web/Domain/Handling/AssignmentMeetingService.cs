using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>One line of a 交办会's assignment list.</summary>
public sealed record AssignmentOrder(
    int SuggestionId, string LeadUnitId, IReadOnlyList<string> OtherUnitIds, HandlingMode Mode = HandlingMode.LeadWithCo,
    bool IsKey = false, string? KeyLeaderId = null, string? KeyCommitteeId = null);

/// <summary>
/// 专会交办: creates the meeting and assigns many suggestions in one action. All or nothing: the whole chunk is one
/// command of the engine's runner, so one invalid line and no suggestion is assigned, and the error names the line.
/// </summary>
public sealed class AssignmentMeetingService(AppDbContext db, TaskFormService forms, ProcessEngine engine, TimeProvider clock)
{
    public async Task<AssignmentMeeting> CreateMeetingAsync(string name, DateOnly heldOn, string? location, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireOffice(actor);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new HandlingValidationException("请填写交办会名称", new Dictionary<string, string> { ["name"] = "请填写交办会名称" });
        }
        // No engine work, but the same runner: the meeting and its audit entry commit together.
        return await engine.RunAsync(db, actor.UserName, (_, _) =>
        {
            var meeting = new AssignmentMeeting { Name = name.Trim(), HeldOn = heldOn, Location = location, CreatedBy = actor.UserName };
            db.Add(meeting);
            AuditTrail.Add(db, actor.UserName, "meeting.created", null, meeting.Name, clock.GetUtcNow().UtcDateTime);
            return Task.FromResult(meeting);
        }, cancellationToken);
    }

    public async Task<int> AssignAsync(int meetingId, IReadOnlyList<AssignmentOrder> orders, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireOffice(actor);
        if (!await db.Set<AssignmentMeeting>().AnyAsync(m => m.Id == meetingId, cancellationToken))
        {
            throw new HandlingNotFoundException($"交办会 {meetingId} 不存在。");
        }
        var keys = orders.Select(o => o.SuggestionId.ToString(CultureInfo.InvariantCulture)).ToHashSet();
        var tasks = (await engine.FindTasksAsync(new TaskQuery(ActivityId: "assign"), cancellationToken))
            .Where(t => t.BusinessKey is not null && keys.Contains(t.BusinessKey))
            .ToDictionary(t => t.BusinessKey!);
        // One command for the chunk: its service tasks (the assignment notices) run after the commit.
        await engine.RunAsync(db, actor.UserName, async (unit, token) =>
        {
            foreach (var order in orders)
            {
                if (!tasks.TryGetValue(order.SuggestionId.ToString(CultureInfo.InvariantCulture), out var task))
                {
                    throw new HandlingValidationException($"建议 {order.SuggestionId} 不在待交办状态，本次交办未执行。", null, order.SuggestionId);
                }
                var values = new JsonObject
                {
                    ["leadUnitId"] = order.LeadUnitId,
                    ["otherUnitIds"] = new JsonArray([.. order.OtherUnitIds.Select(u => (JsonNode?)u)]),
                    ["mode"] = order.Mode.ToString(),
                    ["isKey"] = order.IsKey,
                    ["keyLeaderId"] = order.KeyLeaderId,
                    ["keyCommitteeId"] = order.KeyCommitteeId,
                    ["meetingId"] = meetingId,
                };
                try
                {
                    await forms.SubmitAsync(unit, task.Id, actor, values, [], token);
                }
                catch (HandlingValidationException e)
                {
                    throw new HandlingValidationException($"建议 {order.SuggestionId}：{e.Message}；本次交办未执行。", e.FieldErrors, order.SuggestionId);
                }
            }
        }, cancellationToken);
        return orders.Count;
    }

    private static void RequireOffice(Actor actor)
    {
        if (!actor.IsOffice)
        {
            throw new HandlingForbiddenException("只有联工委可以交办建议。");
        }
    }
}
