using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Tasks;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Domain.Handling.ServiceTasks;

/// <summary>
/// The service and send tasks of the default workflows. Each writes through the engine command's DbContext, so its
/// domain rows and notices commit together with the task's completion — and a failed, retried run leaves nothing behind.
/// </summary>
public sealed class SuggestionServiceTasks(SuggestionNotices notices)
{
    public void Register(ServiceTaskHandlers handlers)
    {
        handlers.Register("notifyAssigned", NotifyAssignedAsync);
        handlers.Register("deliverReply", DeliverReplyAsync);
        handlers.Register("notifyEvaluationDue", NotifyEvaluationDueAsync);
        handlers.Register("markNotEvaluated", MarkNotEvaluatedAsync);
        handlers.Register("tallyEvaluation", TallyEvaluationAsync);
        handlers.Register("recordOverdue", RecordOverdueAsync);
        handlers.Register("recordWithdrawal", RecordWithdrawalAsync);
        handlers.Register("closeSuggestion", CloseSuggestionAsync);
    }

    /// <summary>
    /// 交办通知. The notice reads its suggestion itself (and refuses a missing one); after a 交办会 chunk the engine runs
    /// hundreds of these in one command, so the first one reads for all the notices that command has loaded.
    /// </summary>
    private async Task NotifyAssignedAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var id = SuggestionId(context);
        await notices.AssignedAsync(context.Db, id, context.Now.UtcDateTime, () => SameTaskAlongWith(context), cancellationToken);
        AuditTrail.Add(context.Db, "system", "notice.assigned", id, "已通知代表交办情况", context.Now.UtcDateTime);
    }

    /// <summary>
    /// The suggestions of the other jobs of the same service task this command has loaded and not yet run (a batch
    /// of notices after a 交办会 chunk loads all its instances and their jobs first); empty when it loaded none.
    /// </summary>
    private static List<int> SameTaskAlongWith(ServiceTaskContext context)
    {
        var tracker = context.Db.ChangeTracker;
        var instances = tracker.Entries<JobRecord>()
            .Where(e => e.State == EntityState.Unchanged && e.Entity.Kind == JobKind.ServiceTask && e.Entity.ActivityId == context.ActivityId)
            .Select(e => e.Entity.ProcessInstanceId)
            .ToHashSet(StringComparer.Ordinal);
        return [.. tracker.Entries<ProcessInstanceRecord>()
            .Where(e => instances.Contains(e.Entity.Id))
            .Select(e => int.TryParse(e.Entity.BusinessKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)];
    }

    /// <summary>送达答复: the signed replies of the current round reach the deputy (office copied).</summary>
    private async Task DeliverReplyAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(context, cancellationToken);
        var now = context.Now.UtcDateTime;
        var replies = await context.Db.Set<Reply>()
            .Where(r => r.SuggestionId == suggestion.Id && r.Round == suggestion.Round && r.DeliveredAt == null)
            .ToListAsync(cancellationToken);
        replies.ForEach(r => r.DeliveredAt = now);
        suggestion.FirstRepliedAt ??= now;
        suggestion.State = SuggestionState.Replied;
        await notices.ReplyDeliveredAsync(context.Db, suggestion.Id, suggestion.Round, now, cancellationToken);
        Audit(context, suggestion, "reply.delivered", $"第{suggestion.Round}轮答复已送达");
    }

    private async Task NotifyEvaluationDueAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(context, cancellationToken);
        var due = ChinaTime.DateOf(context.Now);
        if (context.GetVariable("evaluationDue") is JsonValue text && ChinaTime.TryParseDate(text.ToString(), out var parsed))
        {
            due = parsed;
        }
        await notices.EvaluationDueAsync(context.Db, suggestion.Id, suggestion.Round, due, context.Now.UtcDateTime, cancellationToken: cancellationToken);
    }

    /// <summary>The evaluation window closed: every evaluator without a rating this round is recorded as not evaluated.</summary>
    private static async Task MarkNotEvaluatedAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(context, cancellationToken);
        var evaluated = await context.Db.Set<Evaluation>()
            .Where(e => e.SuggestionId == suggestion.Id && e.Round == suggestion.Round)
            .Select(e => e.DeputyId)
            .ToListAsync(cancellationToken);
        foreach (var deputyId in Evaluators(context, suggestion).Except(evaluated))
        {
            context.Db.Add(new Evaluation
            {
                SuggestionId = suggestion.Id, DeputyId = deputyId, Round = suggestion.Round, NotEvaluated = true,
                RecordedBy = "system", RecordedAt = context.Now.UtcDateTime,
            });
        }
        Audit(context, suggestion, "evaluation.expired", "测评期限届满，未反馈的记为未测评");
    }

    /// <summary>Sums up the round's ratings: any 不满意 (attitude or result) makes the round unsatisfactory.</summary>
    private static async Task TallyEvaluationAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(context, cancellationToken);
        var ratings = await context.Db.Set<Evaluation>()
            .Where(e => e.SuggestionId == suggestion.Id && e.Round == suggestion.Round && !e.NotEvaluated)
            .ToListAsync(cancellationToken);
        ratings.AddRange(context.Db.ChangeTracker.Entries<Evaluation>()
            .Where(e => e.State == EntityState.Added && e.Entity.SuggestionId == suggestion.Id && e.Entity.Round == suggestion.Round && !e.Entity.NotEvaluated)
            .Select(e => e.Entity));
        var unsatisfied = ratings.Any(r => r.Result == Satisfaction.Unsatisfied || r.Attitude == Satisfaction.Unsatisfied);
        context.SetVariable("unsatisfied", unsatisfied);
        context.SetVariable("evaluatedCount", ratings.Count);
        var needsFollowUp = context.GetVariable("needsFollowUp") is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;
        suggestion.State = unsatisfied
            ? SuggestionState.Rehandling
            : needsFollowUp ? SuggestionState.FollowUp : SuggestionState.Replied;
        Audit(context, suggestion, "evaluation.tallied", unsatisfied ? "测评结果：不满意" : $"测评结果：满意或基本满意（{ratings.Count} 份）");
    }

    /// <summary>The reply deadline passed with the handling still open: recorded for supervision and statistics.</summary>
    private static async Task RecordOverdueAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(context, cancellationToken);
        context.Db.Add(new OverdueRecord
        {
            SuggestionId = suggestion.Id, DueOn = suggestion.ReplyDueOn ?? ChinaTime.DateOf(context.Now),
            RecordedBy = "system", RecordedAt = context.Now.UtcDateTime,
        });
        Audit(context, suggestion, "reply.overdue", $"答复期限 {suggestion.ReplyDueOn:yyyy-MM-dd} 已过");
    }

    private static async Task RecordWithdrawalAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(context, cancellationToken);
        suggestion.State = SuggestionState.Withdrawn;
        suggestion.ClosedAt = context.Now.UtcDateTime;
        Audit(context, suggestion, "suggestion.closed", "已撤回，停止办理");
    }

    private static async Task CloseSuggestionAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var suggestion = await LoadAsync(context, cancellationToken);
        if (suggestion.State != SuggestionState.Escalated)
        {
            suggestion.State = SuggestionState.Closed;
        }
        suggestion.ClosedAt = context.Now.UtcDateTime;
        Audit(context, suggestion, "suggestion.closed", suggestion.State == SuggestionState.Escalated ? "已提出专题询问建议" : "办结");
    }

    private static IEnumerable<int> Evaluators(ServiceTaskContext context, Suggestion suggestion) =>
        context.GetVariable("evaluators") is JsonArray array
            ? array.Select(n => int.Parse(n!.ToString(), CultureInfo.InvariantCulture))
            : [suggestion.LeadDeputyId];

    private static int SuggestionId(ServiceTaskContext context) =>
        int.Parse(context.BusinessKey ?? context.GetVariable("suggestionId")?.ToString() ?? "0", CultureInfo.InvariantCulture);

    private static async Task<Suggestion> LoadAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        var id = SuggestionId(context);
        return await context.Db.Set<Suggestion>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
               ?? throw new InvalidOperationException($"Suggestion {id} of process instance {context.ProcessInstanceId} does not exist.");
    }

    private static void Audit(ServiceTaskContext context, Suggestion suggestion, string action, string details) =>
        AuditTrail.Add(context.Db, "system", action, suggestion.Id, details, context.Now.UtcDateTime);
}
