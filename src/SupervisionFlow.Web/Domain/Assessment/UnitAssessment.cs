using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Assessment;

/// <summary>One criterion's figure for one unit, with the suggestions behind it (all counted, and those that fell short).</summary>
public sealed record CriterionResult(AssessmentCriterion Criterion, double? Figure, int Met, int Counted, double Points, IReadOnlyList<int> Items, IReadOnlyList<int> Short)
{
    public string FigureText => Figure is not { } f ? "—"
        : AssessmentScheme.IsRate(Criterion.Measure) ? (f * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : f.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record UnitScore(int Rank, string UnitId, string UnitName, double Total, IReadOnlyList<CriterionResult> Criteria);

/// <summary>
/// The 考核 of every handling unit over one session's suggestions (届次 and 会次), scored by the profile's
/// <see cref="AssessmentScheme"/>, over the suggestions each unit leads or handles separately (主办/分办). Loads the
/// session's rows once and aggregates in memory, like the statistics.
/// </summary>
public sealed class UnitAssessment(AppDbContext db, TimeProvider clock, IOptions<HandlingProfile> profile, WorkingCalendar calendar)
{
    public async Task<IReadOnlyList<UnitScore>> RankAsync(int term, int session, CancellationToken cancellationToken = default)
    {
        // The columns the criteria read, not the suggestions' texts: a national session's are tens of megabytes.
        var inSession = db.Set<Suggestion>().AsNoTracking().Where(s => s.Term == term && s.Session == session && s.AssignedAt != null);
        var suggestions = await inSession
            .Select(s => new Suggestion
            {
                Id = s.Id, Title = "", Content = "", Category = "", AssignedAt = s.AssignedAt, ReplyDueOn = s.ReplyDueOn,
                Units = s.Units.OrderBy(u => u.Id).ToList(),
            })
            .ToListAsync(cancellationToken);
        var ids = inSession.Select(s => s.Id);
        var assignments = (await db.Set<Assignment>().AsNoTracking().Where(a => ids.Contains(a.SuggestionId))
                .Select(a => new { a.Id, a.SuggestionId, a.ReplyDueOn }).ToListAsync(cancellationToken))
            .GroupBy(a => a.SuggestionId).ToDictionary(g => g.Key, g => (DateOnly?)g.OrderBy(a => a.Id).First().ReplyDueOn);
        var replies = (await db.Set<Reply>().AsNoTracking().Where(r => ids.Contains(r.SuggestionId) && r.SignedAt != null)
                .OrderBy(r => r.Id).Select(r => new SignedReply(r.SuggestionId, r.UnitId, r.Round, r.SignedAt!.Value)).ToListAsync(cancellationToken))
            .ToLookup(r => (r.SuggestionId, r.UnitId));
        var contacts = (await db.Set<DeputyContact>().AsNoTracking().Where(c => ids.Contains(c.SuggestionId))
                .Select(c => new { c.SuggestionId, c.UnitId, c.Stage }).ToListAsync(cancellationToken))
            .ToLookup(c => (c.SuggestionId, c.UnitId), c => c.Stage);
        var evaluations = (await db.Set<Evaluation>().AsNoTracking().Where(e => ids.Contains(e.SuggestionId) && !e.NotEvaluated)
                .OrderBy(e => e.Id).Select(e => new { e.SuggestionId, e.Round, e.Result }).ToListAsync(cancellationToken))
            .GroupBy(e => e.SuggestionId)
            // The latest round's ratings count; earlier rounds were superseded by re-handling.
            .ToDictionary(g => g.Key, g => g.Where(e => e.Round == g.Max(x => x.Round)).Select(e => e.Result).ToList());
        var extensions = await db.Set<ExtensionRequest>().AsNoTracking().Where(x => ids.Contains(x.SuggestionId) && x.Approved == true).Select(x => new { x.SuggestionId, x.UnitId }).ToListAsync(cancellationToken);
        var names = await Directory.UnitNames.AllAsync(db, cancellationToken);
        var today = ChinaTime.Today(clock);
        var scheme = profile.Value.Assessment;
        var windows = new Dictionary<DateOnly, DateOnly?>();

        var rows = suggestions.SelectMany(s => s.Units.Where(u => u.IsActive).Select(u => (Unit: u, Suggestion: s))).GroupBy(x => x.Unit.UnitId);
        var scores = new List<(string UnitId, double Total, List<CriterionResult> Criteria)>();
        foreach (var group in rows)
        {
            var unitId = group.Key;
            var handled = group.Where(x => x.Unit.Role != UnitRole.Co).Select(x => x.Suggestion).ToList();
            // A unit that only co-handles (会办) has no 签收 and no reply of its own in the process: none of the
            // criteria measures its part (the opinion to the lead unit), so it is not ranked rather than ranked top.
            if (handled.Count == 0)
            {
                continue;
            }
            var results = new List<CriterionResult>();
            foreach (var criterion in scheme.Criteria)
            {
                var (counted, met) = criterion.Measure switch
                {
                    CriterionMeasure.OnTimeAcknowledgement => Rate(group.Where(x => x.Unit.Role != UnitRole.Co).Select(x => (x.Suggestion.Id, Judge: JudgeAcknowledgement(x.Unit, x.Suggestion, today, windows)))),
                    CriterionMeasure.OnTimeReply => Rate(handled.Select(s => (s.Id, Judge: JudgeReply(s, assignments.GetValueOrDefault(s.Id), replies[(s.Id, unitId)], today)))),
                    CriterionMeasure.ContactCompleteness => Rate(handled.Where(s => replies[(s.Id, unitId)].Any())
                        .Select(s => (s.Id, Judge: (bool?)(contacts[(s.Id, unitId)].Distinct().Count() == 3)))),
                    CriterionMeasure.Satisfaction => Rate(handled.SelectMany(s => (evaluations.GetValueOrDefault(s.Id) ?? []).Select(result => (s.Id, Judge: (bool?)(result != Satisfaction.Unsatisfied))))),
                    CriterionMeasure.RehandlingCount => Count(handled.Where(s => replies[(s.Id, unitId)].Any(r => r.Round >= 2)).Select(s => s.Id)),
                    _ => Count(extensions.Where(x => x.UnitId == unitId).Select(x => x.SuggestionId)),
                };
                double? figure = AssessmentScheme.IsRate(criterion.Measure)
                    ? (counted.Count == 0 ? null : (double)met.Count / counted.Count)
                    : counted.Count;
                var shortOnes = AssessmentScheme.IsRate(criterion.Measure) ? counted.Except(met).Distinct().ToList() : counted.Distinct().ToList();
                results.Add(new CriterionResult(criterion, figure, met.Count, counted.Count, criterion.Score(figure), counted.Distinct().ToList(), shortOnes));
            }
            scores.Add((unitId, Math.Round(results.Sum(r => r.Points), 2), results));
        }
        var ordered = scores.OrderByDescending(s => s.Total).ThenBy(s => s.UnitId, StringComparer.Ordinal).ToList();
        return [.. ordered.Select((s, i) => new UnitScore(
            // Equal totals share a rank (1, 2, 2, 4).
            ordered.FindIndex(o => o.Total == s.Total) + 1, s.UnitId, names.GetValueOrDefault(s.UnitId, s.UnitId), s.Total, s.Criteria))];
    }

    private sealed record SignedReply(int SuggestionId, string UnitId, int Round, DateTime SignedAt);

    private bool? JudgeAcknowledgement(SuggestionUnit unit, Suggestion suggestion, DateOnly today, Dictionary<DateOnly, DateOnly?> windows)
    {
        var assignedOn = ChinaTime.DateOf(suggestion.AssignedAt!.Value);
        // A session is assigned on a few days: the window's end is counted once per day, not once per unit row.
        if (!windows.TryGetValue(assignedOn, out var window))
        {
            try
            {
                window = profile.Value.Compute("reassignmentWindow", assignedOn, calendar);
            }
            catch (CalendarOutOfRangeException)
            {
                // A year whose holiday schedule was never loaded (an old session): the window cannot be counted, so the
                // item is left out rather than judged against a guessed calendar.
                window = null;
            }
            windows[assignedOn] = window;
        }
        if (window is not { } due)
        {
            return null;
        }
        if (unit.AcknowledgedAt is { } at)
        {
            return ChinaTime.DateOf(at) <= due;
        }
        // Still inside the window: not judged yet.
        return today > due ? false : null;
    }

    private static bool? JudgeReply(Suggestion suggestion, DateOnly? assignedDue, IEnumerable<SignedReply> replies, DateOnly today)
    {
        // The original deadline: an extension keeps a reply lawful but does not make it on time (Shenzhen: within 3 months).
        var due = assignedDue ?? suggestion.ReplyDueOn;
        if (due is null)
        {
            return null;
        }
        var first = replies.OrderBy(r => r.SignedAt).FirstOrDefault();
        if (first is not null)
        {
            return ChinaTime.DateOf(first.SignedAt) <= due;
        }
        return today > due ? false : null;
    }

    private static (List<int> Counted, List<int> Met) Rate(IEnumerable<(int Id, bool? Judge)> items)
    {
        var judged = items.Where(x => x.Judge is not null).ToList();
        return ([.. judged.Select(x => x.Id)], [.. judged.Where(x => x.Judge == true).Select(x => x.Id)]);
    }

    private static (List<int> Counted, List<int> Met) Count(IEnumerable<int> ids)
    {
        var list = ids.ToList();
        return (list, []);
    }
}
