using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.SuggestionsApi;

/// <summary>
/// Reads suggestions for the API and the deputies' portal: a filtered page, one suggestion with its units,
/// deadlines, open steps and delivered replies, and its timeline. Who may read what is the caller's business.
/// </summary>
public sealed class SuggestionReader(AppDbContext db, ProcessEngine engine, TimeProvider clock, IOptions<HandlingProfile> profile)
{
    public const int MaxPageSize = 200;

    public async Task<SuggestionPage> ListAsync(SuggestionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Set<Suggestion>().AsNoTracking()
            .InTerm(filter.Term).InSession(filter.Session).InState(filter.State).OfKind(filter.Kind)
            .InCategory(filter.Category).HandledBy(filter.UnitId);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderBy(s => s.Term).ThenBy(s => s.Session).ThenBy(s => s.Kind).ThenBy(s => s.Number)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(s => new
            {
                s.Id, s.Kind, s.Term, s.Session, s.Number, s.Title, s.Category, s.State, s.LeadDeputyId, s.IsKey, s.SubmittedAt, s.ReplyDueOn,
                s.ResultClass, Units = s.Units.Where(u => u.IsActive).Select(u => u.UnitId).ToList(),
            })
            .ToListAsync(cancellationToken);
        var names = await DeputyNamesAsync(rows.Select(r => r.LeadDeputyId), cancellationToken);
        return new SuggestionPage(total, filter.Page, filter.PageSize, [.. rows.Select(r => new SuggestionSummary(
            r.Id, r.Kind, r.Term, r.Session, r.Number, $"第{r.Number}号", r.Title, r.Category, r.State, StateLabels.Of(r.State),
            r.LeadDeputyId, names.GetValueOrDefault(r.LeadDeputyId), r.IsKey, r.Units, r.SubmittedAt, r.ReplyDueOn, r.ResultClass))]);
    }

    /// <summary>The suggestion, or null when there is none with that id.</summary>
    public async Task<SuggestionDetails?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        var s = await db.Set<Suggestion>().AsNoTracking().AsSplitQuery().Include(x => x.Units).Include(x => x.CoSigners)
            .FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (s is null)
        {
            return null;
        }
        var deputyIds = s.CoSigners.Select(c => c.DeputyId).Append(s.LeadDeputyId).Distinct().ToList();
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        DeputyRef Ref(int deputyId) => deputies.TryGetValue(deputyId, out var d) ? new DeputyRef(d.Id, d.Name, d.Delegation) : new DeputyRef(deputyId, $"代表{deputyId}", null);

        var replies = await db.Set<Reply>().AsNoTracking()
            .Where(r => r.SuggestionId == id && r.DeliveredAt != null)
            .OrderBy(r => r.DeliveredAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var unitIds = s.Units.Select(u => u.UnitId).Concat(replies.Select(r => r.UnitId)).Distinct().ToList();
        var unitNames = await db.Set<HandlingUnit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var tasks = await engine.FindTasksAsync(new TaskQuery(BusinessKey: id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        var attachments = await ReplyAttachments.ForRepliesAsync(db, [.. replies.Select(r => r.Id)], cancellationToken);

        return new SuggestionDetails(
            s.Id, s.Kind, s.Term, s.Session, s.Number, s.DisplayNumber, s.Title, s.Content, s.Category, s.FormedBy,
            Ref(s.LeadDeputyId), [.. s.CoSigners.OrderBy(c => c.Id).Select(c => Ref(c.DeputyId))], s.Disclosure, s.ReferenceOnly, s.IsKey,
            s.State, StateLabels.Of(s.State), s.HandlingMode,
            [.. s.Units.OrderBy(u => u.Role).ThenBy(u => u.Id).Select(u => new UnitRef(u.UnitId, unitNames.GetValueOrDefault(u.UnitId, u.UnitId), u.Role, u.IsActive, u.AcknowledgedAt))],
            s.SubmittedAt, s.AssignedAt, s.ReplyDueOn, DaysLeft(s), s.FirstRepliedAt, s.ClosedAt, s.ResultClass, s.Round,
            [.. tasks.OrderBy(t => t.CreatedAt).Select(t => new OpenStep(t.Name, t.ActivityId, t.DueAt, t.CandidateGroups))],
            [.. replies.Select(r => new ReplyLetter(r.UnitId, unitNames.GetValueOrDefault(r.UnitId, r.UnitId), r.Round, r.ResultClass,
                ResultLabel(r.ResultClass), r.Text, r.SignedBy, r.DeliveredAt!.Value, attachments.Of(r.Id)))]);
    }

    /// <summary>The audit trail of the suggestion, oldest first; null when there is no such suggestion.</summary>
    public async Task<IReadOnlyList<TimelineEntry>?> TimelineAsync(int id, CancellationToken cancellationToken = default)
    {
        if (!await db.Set<Suggestion>().AnyAsync(s => s.Id == id, cancellationToken))
        {
            return null;
        }
        var entries = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.SuggestionId == id)
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        return [.. entries.Select(a => new TimelineEntry(a.At, a.Actor, a.Action, ActionLabel(a.Action), a.Details))];
    }

    /// <summary>The label of a result class as the profile names it (A 已解决或基本解决 …).</summary>
    public string ResultLabel(string code) => profile.Value.FindResultClass(code)?.Label ?? code;

    /// <summary>Calendar days to the reply deadline while a reply is awaited (negative: overdue); otherwise null.</summary>
    public int? DaysLeft(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return suggestion.ReplyDueOn is { } due && suggestion.State is SuggestionState.InHandling or SuggestionState.Rehandling
            ? due.DayNumber - ChinaTime.Today(clock).DayNumber
            : null;
    }

    public static string ActionLabel(string action) => action switch
    {
        "suggestion.submitted" => "提出建议",
        "suggestion.withdrawn" => "撤回建议",
        "suggestion.closed" => "办结",
        "task.completed" => "完成办理步骤",
        "notice.assigned" => "通知交办",
        "reply.delivered" => "答复送达",
        "reply.overdue" => "答复逾期",
        "extension.requested" => "申请延期",
        "evaluation.expired" => "测评期满未反馈",
        "evaluation.tallied" => "统计测评结果",
        "inquiry.submitted" => "提请专题询问",
        "meeting.created" => "召开交办会",
        _ => action,
    };

    private async Task<Dictionary<int, string>> DeputyNamesAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Deputy>().AsNoTracking().Where(d => list.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
    }
}
