using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>
/// Actions on a suggestion outside any one task: a unit's extension request (延期), a withdrawal (撤回), and
/// submitting a 专题询问 topic to the 主任会议. Each is one command of the engine's runner: the domain row, the audit
/// entry and the signal to the process commit together (one <c>SaveChanges</c>, one transaction) or not at all.
/// </summary>
public sealed class SuggestionActions(AppDbContext db, ProcessEngine engine, TimeProvider clock)
{
    /// <summary>A handling unit asks to move its reply deadline; the office decides in the 延期审批 task.</summary>
    public Task RequestExtensionAsync(int suggestionId, string unitId, string reason, DateOnly requestedDueOn, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, (unit, token) => RequestExtensionAsync(unit, suggestionId, unitId, reason, requestedDueOn, actor, token), cancellationToken);

    private async Task RequestExtensionAsync(
        EngineUnitOfWork unit, int suggestionId, string unitId, string reason, DateOnly requestedDueOn, Actor actor, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(suggestionId, cancellationToken);
        if (!actor.InGroup(Actor.UnitGroup(unitId)) || !suggestion.Units.Any(u => u.UnitId == unitId && u.IsActive))
        {
            throw new HandlingForbiddenException("只有承办单位可以申请延期。");
        }
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors["reason"] = "请填写延期理由";
        }
        if (suggestion.ReplyDueOn is { } due && requestedDueOn <= due)
        {
            errors["requestedDueOn"] = $"申请的期限应晚于现答复期限 {due:yyyy年M月d日}";
        }
        if (await db.Set<ExtensionRequest>().AnyAsync(r => r.SuggestionId == suggestionId && r.Approved == null, cancellationToken))
        {
            errors["reason"] = "已有待审批的延期申请";
        }
        if (suggestion.State != SuggestionState.InHandling)
        {
            errors["reason"] = "建议不在办理中，不能申请延期";
        }
        if (errors.Count > 0)
        {
            throw new HandlingValidationException(string.Join("；", errors.Values), errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new ExtensionRequest
        {
            SuggestionId = suggestionId, UnitId = unitId, Reason = reason.Trim(), RequestedDueOn = requestedDueOn,
            RecordedBy = actor.UserName, RecordedAt = now,
        });
        AuditTrail.Add(db, actor.UserName, "extension.requested", suggestionId, $"申请延期至 {requestedDueOn:yyyy-MM-dd}：{reason}", now);
        var delivered = await unit.CorrelateMessageAsync(
            ProcessKeys.ExtensionRequestedMessage, Key(suggestionId), variables: new JsonObject { ["extensionRequestedBy"] = unitId },
            cancellationToken: cancellationToken);
        if (delivered == 0)
        {
            throw new HandlingValidationException("建议当前不在可申请延期的办理阶段。");
        }
    }

    /// <summary>撤回: the deputy (or the office on a written request) withdraws; handling stops cleanly.</summary>
    public Task WithdrawAsync(int suggestionId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, (unit, token) => WithdrawAsync(unit, suggestionId, reason, actor, token), cancellationToken);

    private async Task WithdrawAsync(EngineUnitOfWork unit, int suggestionId, string reason, Actor actor, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(suggestionId, cancellationToken);
        if (!actor.IsOffice && !actor.InGroup(Actor.DeputyGroup(suggestion.LeadDeputyId)))
        {
            throw new HandlingForbiddenException("只有领衔代表或联工委可以撤回建议。");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new HandlingValidationException("请填写撤回理由", new Dictionary<string, string> { ["reason"] = "请填写撤回理由" });
        }
        var now = clock.GetUtcNow().UtcDateTime;
        AuditTrail.Add(db, actor.UserName, "suggestion.withdrawn", suggestionId, reason.Trim(), now);
        var delivered = await unit.CorrelateMessageAsync(ProcessKeys.WithdrawnMessage, Key(suggestionId),
            variables: new JsonObject { ["withdrawReason"] = reason.Trim() }, cancellationToken: cancellationToken);
        if (delivered == 0)
        {
            throw new HandlingValidationException("建议已办结或尚未受理，不能撤回。");
        }
    }

    /// <summary>Submits a proposed 专题询问 topic to the 主任会议: starts its process.</summary>
    public Task<InquiryTopic> SubmitInquiryTopicAsync(int topicId, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, (unit, token) => SubmitInquiryTopicAsync(unit, topicId, actor, token), cancellationToken);

    private async Task<InquiryTopic> SubmitInquiryTopicAsync(EngineUnitOfWork unit, int topicId, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsOffice)
        {
            throw new HandlingForbiddenException("只有联工委可以提交专题询问建议。");
        }
        var topic = await db.Set<InquiryTopic>().Include(t => t.Suggestions).FirstOrDefaultAsync(t => t.Id == topicId, cancellationToken)
                    ?? throw new HandlingNotFoundException($"专题 {topicId} 不存在。");
        if (topic.State != InquiryState.Proposed || topic.ProcessInstanceId is not null)
        {
            throw new HandlingValidationException("该专题已提交主任会议。");
        }
        var suggestionIds = topic.Suggestions.Select(s => s.SuggestionId).ToList();
        var variables = new JsonObject
        {
            ["topicId"] = topic.Id,
            ["title"] = topic.Title,
            ["suggestionId"] = suggestionIds.FirstOrDefault(),
            ["suggestionIds"] = new JsonArray([.. suggestionIds.Select(id => (JsonNode?)id)]),
        };
        AuditTrail.Add(db, actor.UserName, "inquiry.submitted", suggestionIds.FirstOrDefault(), topic.Title, clock.GetUtcNow().UtcDateTime);
        topic.ProcessInstanceId = await unit.StartProcessAsync(ProcessKeys.SpecialInquiry, ProcessKeys.InquiryBusinessKey(topic.Id), variables,
            startedBy: actor.UserName, cancellationToken: cancellationToken);
        return topic;
    }

    private async Task<Suggestion> LoadAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<Suggestion>().Include(s => s.Units).FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? throw new HandlingNotFoundException($"建议 {id} 不存在。");

    private static string Key(int suggestionId) => suggestionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Today's date in China, for callers building requests.</summary>
    public DateOnly Today => ChinaTime.Today(clock);
}
