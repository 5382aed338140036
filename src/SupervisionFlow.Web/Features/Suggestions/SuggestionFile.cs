using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Designer;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>One step on a suggestion's timeline.</summary>
public sealed record TimelineItem(DateTime At, string Who, string What, string? Detail, string Kind)
{
    /// <summary>
    /// Orders steps recorded at the same instant (one command, or a manual clock) in the order the process takes them.
    /// </summary>
    public int Rank => Kind switch
    {
        "submitted" => 0,
        "review" => 1,
        "assignment" => 2,
        "acknowledgement" => 3,
        "reassignment" => 4,
        "plan" => 5,
        "contact" => 6,
        "co-opinion" => 7,
        "extension" => 8,
        "reply" => 9,
        "evaluation" => 10,
        "interview" => 11,
        "progress" => 12,
        "overdue" => 13,
        _ => 20,
    };
}

/// <summary>One deputy's rating, for the viewers allowed to see it.</summary>
public sealed record RatingRow(string Deputy, Satisfaction? Attitude, Satisfaction? Result, string? Comment, bool NotEvaluated, DateTime RecordedAt);

/// <summary>Totals of one evaluation round: how many rated each result.</summary>
public sealed record RatingSummary(int Satisfied, int BasicallySatisfied, int Unsatisfied, int NotEvaluated)
{
    public int Returned => Satisfied + BasicallySatisfied + Unsatisfied;
}

/// <summary>
/// One round of evaluations as this viewer may see it: <see cref="Individual"/> holds every rating for the office,
/// only the viewer's own for a deputy, none for a unit or committee; <see cref="Summary"/> is given once the round is
/// over (背靠背: a unit never sees a rating before the evaluation is tallied, never who rated what).
/// </summary>
public sealed record RatingRound(int Round, bool Finished, IReadOnlyList<RatingRow> Individual, RatingSummary? Summary);

public sealed record UnitRow(string Name, UnitRole Role, DateTime? AcknowledgedAt, bool IsActive);

public sealed record ReplyRow(
    int Round, string Unit, string ResultClass, string Text, string? SignedBy, DateTime? SignedAt, DateTime? DeliveredAt, string? Copies, DateTime RecordedAt,
    IReadOnlyList<AttachmentRef> Attachments);

/// <summary>Everything the suggestion page shows, read in one go and cut to the viewer's <see cref="SuggestionPerspective"/>.</summary>
public sealed class SuggestionFile
{
    public required Suggestion Suggestion { get; init; }

    public required SuggestionPerspective Perspective { get; init; }

    public required Deputy? LeadDeputy { get; init; }

    public required IReadOnlyList<Deputy> CoSigners { get; init; }

    public required IReadOnlyList<UnitRow> Units { get; init; }

    public string? KeyLeader { get; init; }

    public string? KeyCommittee { get; init; }

    public required IReadOnlyList<TimelineItem> Timeline { get; init; }

    public required IReadOnlyList<ReplyRow> Replies { get; init; }

    public required IReadOnlyList<RatingRound> Ratings { get; init; }

    /// <summary>Days until the reply deadline (negative: overdue) while a reply is awaited; null otherwise.</summary>
    public int? DaysLeft { get; init; }

    public static async Task<SuggestionFile> LoadAsync(
        AppDbContext db, Suggestion suggestion, SuggestionPerspective perspective, SuggestionScope scope, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(scope);
        var id = suggestion.Id;
        var deputyIds = suggestion.CoSigners.Select(c => c.DeputyId).Append(suggestion.LeadDeputyId).ToList();
        var evaluations = await Records<Evaluation>(db, id, cancellationToken);
        deputyIds.AddRange(evaluations.Select(e => e.DeputyId));
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var units = await UnitNames.AllAsync(db, cancellationToken);
        string Unit(string? unitId) => unitId is null ? "" : units.GetValueOrDefault(unitId, unitId);
        string Deputy(int deputyId) => deputies.TryGetValue(deputyId, out var d) ? d.Name : $"代表{deputyId}";

        var timeline = new List<TimelineItem>();
        void Add(HandlingRecord record, string what, string? detail, string kind) =>
            timeline.Add(new TimelineItem(record.RecordedAt, record.RecordedBy, what, detail, kind));

        foreach (var r in await Records<ReviewDecision>(db, id, cancellationToken))
        {
            Add(r, "审核：" + SuggestionText.Review(r.Outcome), r.Reason, "review");
        }
        foreach (var a in await Records<Assignment>(db, id, cancellationToken))
        {
            var others = (a.OtherUnitIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unit).ToList();
            var detail = a.Mode == HandlingMode.LeadWithCo
                ? $"主办：{Unit(a.LeadUnitId)}" + (others.Count > 0 ? $"；会办：{string.Join("、", others)}" : "")
                : $"分办：{string.Join("、", others.Prepend(Unit(a.LeadUnitId)))}";
            Add(a, "交办", $"{detail}；答复期限 {Formats.Date(a.ReplyDueOn)}", "assignment");
        }
        foreach (var a in await Records<Acknowledgement>(db, id, cancellationToken))
        {
            Add(a, a.RequestsReassignment ? $"{Unit(a.UnitId)} 申请调整承办单位" : $"{Unit(a.UnitId)} 签收", a.Reason, "acknowledgement");
        }
        foreach (var r in await Records<ReassignmentDecision>(db, id, cancellationToken))
        {
            Add(r, r.Approved ? "同意调整承办单位" : "不同意调整承办单位",
                $"{Unit(r.FromUnitId)}" + (r.ToUnitId is null ? "" : $" → {Unit(r.ToUnitId)}") + (r.Reason is null ? "" : $"：{r.Reason}"), "reassignment");
        }
        foreach (var p in await Records<HandlingPlan>(db, id, cancellationToken))
        {
            Add(p, $"{Unit(p.UnitId)} 三定", $"经办人 {p.HandlerName}；计划 {Formats.Date(p.PlannedCompletionOn)} 完成；答复期限 {Formats.Date(p.ReplyDueOn)}。{p.Plan}", "plan");
        }
        foreach (var c in await Records<DeputyContact>(db, id, cancellationToken))
        {
            Add(c, $"{Unit(c.UnitId)} {SuggestionText.Stage(c.Stage)}联系代表（{c.Method}）",
                $"{Formats.Date(c.ContactedOn)}：{c.Summary}" + (c.DeputyView is null ? "" : $" 代表意见：{c.DeputyView}"), "contact");
        }
        foreach (var o in await Records<CoUnitOpinion>(db, id, cancellationToken))
        {
            Add(o, $"{Unit(o.UnitId)} 会办意见", o.Opinion, "co-opinion");
        }
        foreach (var x in await Records<ExtensionRequest>(db, id, cancellationToken))
        {
            Add(x, $"{Unit(x.UnitId)} 申请延期至 {Formats.Date(x.RequestedDueOn)}", x.Reason, "extension");
            if (x.Approved is { } approved && x.DecidedAt is { } decidedAt)
            {
                timeline.Add(new TimelineItem(decidedAt, x.DecidedBy ?? "", approved ? $"同意延期至 {Formats.Date(x.GrantedDueOn)}" : "不同意延期", x.DecisionNote, "extension"));
            }
        }
        var replies = await Records<Reply>(db, id, cancellationToken);
        foreach (var r in replies)
        {
            Add(r, $"{Unit(r.UnitId)} 答复（第{r.Round}轮，{r.ResultClass}类）", null, "reply");
        }
        foreach (var i in await Records<Interview>(db, id, cancellationToken))
        {
            Add(i, $"约谈 {Unit(i.UnitId)}", $"{Formats.Date(i.HeldOn)}：{i.Summary}", "interview");
        }
        foreach (var p in await Records<ProgressReport>(db, id, cancellationToken))
        {
            Add(p, $"{Unit(p.UnitId)} 报告落实进展" + (p.Solved ? "（已解决）" : ""), p.Progress, "progress");
        }
        foreach (var o in await Records<OverdueRecord>(db, id, cancellationToken))
        {
            Add(o, $"逾期未答复（期限 {Formats.Date(o.DueOn)}）", o.SupervisionNote, "overdue");
        }
        var full = perspective == SuggestionPerspective.Full;
        foreach (var e in evaluations.Where(e => full || scope.DeputyIds.Contains(e.DeputyId)))
        {
            Add(e, e.NotEvaluated ? $"{Deputy(e.DeputyId)} 未在期限内测评" : $"{Deputy(e.DeputyId)} 测评（第{e.Round}轮）",
                e.NotEvaluated ? null : $"办理态度：{Label(e.Attitude)}；办理结果：{Label(e.Result)}" + (e.Comment is null ? "" : $"；意见：{e.Comment}"), "evaluation");
        }

        // Audit entries fill in what has no record (submission, notices, tallies, closing). A task completion that
        // wrote a record carries the record's time exactly (one command, one clock reading): the record says more.
        var recordTimes = timeline.Select(t => t.At).ToHashSet();
        var ownNames = scope.Actor.UserName;
        foreach (var entry in await db.Set<AuditEntry>().AsNoTracking().Where(a => a.SuggestionId == id).OrderBy(a => a.Id).ToListAsync(cancellationToken))
        {
            if (entry.Action == "task.completed" && recordTimes.Contains(entry.At))
            {
                continue;
            }
            // 背靠背: who among the deputies completed an evaluation, and when, is for the office (and each deputy's own).
            if (!full && entry.Action == "task.completed" && (entry.Details ?? "").EndsWith("（evaluate）", StringComparison.Ordinal) && entry.Actor != ownNames)
            {
                continue;
            }
            // 沟通记录 has its own thread, cut to each reader's audience; the timeline would tell who wrote to whom.
            if (!full && entry.Action == Domain.Comments.SuggestionComments.Posted)
            {
                continue;
            }
            timeline.Add(new TimelineItem(entry.At, entry.Actor, AuditLabel(entry.Action), entry.Details, entry.Action == "suggestion.submitted" ? "submitted" : "audit"));
        }
        var names = await UserNames.DisplayNamesAsync(db, timeline.Select(t => t.Who), cancellationToken);
        var ordered = timeline
            .Select(t => t with { Who = names.GetValueOrDefault(t.Who, t.Who) })
            .OrderBy(t => t.At)
            .ThenBy(t => t.Rank)
            .ToList();

        // A round is over once tallied: the tally moves the suggestion on to 重新办理, 跟踪督办 or 办结 (and a later
        // round's reply raises Round); while the deputies are still rating it stays 已答复.
        var finished = new Func<int, bool>(round => round < suggestion.Round
            || suggestion.State is SuggestionState.Closed or SuggestionState.FollowUp or SuggestionState.Escalated or SuggestionState.Rehandling);
        var ratings = evaluations
            .GroupBy(e => e.Round)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var visible = g.Where(e => full || (perspective == SuggestionPerspective.Deputy && scope.DeputyIds.Contains(e.DeputyId)))
                    .Select(e => new RatingRow(Deputy(e.DeputyId), e.Attitude, e.Result, e.Comment, e.NotEvaluated, e.RecordedAt))
                    .ToList();
                var done = finished(g.Key);
                RatingSummary? summary = full || done
                    ? new RatingSummary(
                        g.Count(e => !e.NotEvaluated && e.Result == Satisfaction.Satisfied),
                        g.Count(e => !e.NotEvaluated && e.Result == Satisfaction.BasicallySatisfied),
                        g.Count(e => !e.NotEvaluated && e.Result == Satisfaction.Unsatisfied),
                        g.Count(e => e.NotEvaluated))
                    : null;
                return new RatingRound(g.Key, done, visible, summary);
            })
            .ToList();

        var open = suggestion.FirstRepliedAt is null && suggestion.State == SuggestionState.InHandling;
        var attachments = await ReplyAttachments.ForRepliesAsync(db, [.. replies.Select(r => r.Id)], cancellationToken);
        return new SuggestionFile
        {
            Suggestion = suggestion,
            Perspective = perspective,
            LeadDeputy = deputies.GetValueOrDefault(suggestion.LeadDeputyId),
            CoSigners = [.. suggestion.CoSigners.Select(c => deputies.GetValueOrDefault(c.DeputyId)).OfType<Deputy>()],
            Units = [.. suggestion.Units.OrderByDescending(u => u.IsActive).ThenBy(u => u.Role).Select(u => new UnitRow(Unit(u.UnitId), u.Role, u.AcknowledgedAt, u.IsActive))],
            KeyLeader = suggestion.KeyLeaderId is { } leader ? await db.Set<Leader>().Where(l => l.Id == leader).Select(l => l.Name + "（" + l.Title + "）").FirstOrDefaultAsync(cancellationToken) ?? leader : null,
            KeyCommittee = suggestion.KeyCommitteeId is { } committee ? await db.Set<Committee>().Where(c => c.Id == committee).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) ?? committee : null,
            Timeline = ordered,
            Replies = [.. replies.OrderBy(r => r.RecordedAt).Select(r => new ReplyRow(r.Round, Unit(r.UnitId), r.ResultClass, r.Text, r.SignedBy, r.SignedAt, r.DeliveredAt, r.Copies, r.RecordedAt, attachments.Of(r.Id)))],
            Ratings = ratings,
            DaysLeft = open && suggestion.ReplyDueOn is { } due ? due.DayNumber - today.DayNumber : null,
        };
    }

    public static string Label(Satisfaction? rating) => rating is { } r ? StateLabels.Of(r) : "—";

    /// <summary>The audit trail's action codes in words.</summary>
    public static string AuditLabel(string action) => action switch
    {
        "suggestion.submitted" => "提交建议",
        "suggestion.withdrawn" => "撤回建议",
        "suggestion.closed" => "办结",
        "task.completed" => "完成任务",
        "notice.assigned" => "通知代表交办情况",
        "reply.delivered" => "答复送达代表",
        "reply.overdue" => "答复逾期",
        "evaluation.expired" => "测评期满",
        "evaluation.tallied" => "测评汇总",
        "extension.requested" => "申请延期",
        "inquiry.submitted" => "提请专题询问",
        "key.committee-opinion" => "专委会意见",
        "key.leader-approval" => "领导审批",
        "process.task-due-changed" => "调整任务期限",
        "process.timer-due-changed" => "调整督办定时",
        "process.moved" => "退回/跳转环节",
        "process.skipped" => "跳过环节",
        "process.migrated" => "迁移流程版本",
        "task.transferred" => "转办任务",
        "task.delegated" => "委托办理",
        "task.delegation-resolved" => "委托办结交回",
        "task.unit-reassigned" => "改派承办单位",
        "suggestion.reminded" => "催办",
        "comment.posted" => "沟通记录",
        _ => action,
    };

    private static async Task<List<T>> Records<T>(AppDbContext db, int suggestionId, CancellationToken cancellationToken)
        where T : HandlingRecord =>
        await db.Set<T>().AsNoTracking().Where(r => r.SuggestionId == suggestionId).OrderBy(r => r.RecordedAt).ToListAsync(cancellationToken);

    public static string Days(int days) => days < 0
        ? string.Create(CultureInfo.InvariantCulture, $"逾期 {-days} 天")
        : string.Create(CultureInfo.InvariantCulture, $"剩 {days} 天");
}
