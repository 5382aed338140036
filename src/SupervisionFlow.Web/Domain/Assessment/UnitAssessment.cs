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
        var suggestions = await db.Set<Suggestion>().AsNoTracking().Include(s => s.Units)
            .Where(s => s.Term == term && s.Session == session && s.AssignedAt != null).ToListAsync(cancellationToken);
        var ids = suggestions.Select(s => s.Id).ToList();
        var assignments = (await db.Set<Assignment>().AsNoTracking().Where(a => ids.Contains(a.SuggestionId)).ToListAsync(cancellationToken))
            .GroupBy(a => a.SuggestionId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Id).First());
        var replies = await db.Set<Reply>().AsNoTracking().Where(r => ids.Contains(r.SuggestionId) && r.SignedAt != null).ToListAsync(cancellationToken);
        var contacts = await db.Set<DeputyContact>().AsNoTracking().Where(c => ids.Contains(c.SuggestionId)).Select(c => new { c.SuggestionId, c.UnitId, c.Stage }).ToListAsync(cancellationToken);
        var evaluations = await db.Set<Evaluation>().AsNoTracking().Where(e => ids.Contains(e.SuggestionId) && !e.NotEvaluated).ToListAsync(cancellationToken);
        var extensions = await db.Set<ExtensionRequest>().AsNoTracking().Where(x => ids.Contains(x.SuggestionId) && x.Approved == true).Select(x => new { x.SuggestionId, x.UnitId }).ToListAsync(cancellationToken);
        var names = await Directory.UnitNames.AllAsync(db, cancellationToken);
        var today = ChinaTime.Today(clock);
        var scheme = profile.Value.Assessment;

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
                    CriterionMeasure.OnTimeAcknowledgement => Rate(group.Where(x => x.Unit.Role != UnitRole.Co).Select(x => (x.Suggestion.Id, Judge: JudgeAcknowledgement(x.Unit, x.Suggestion, today)))),
                    CriterionMeasure.OnTimeReply => Rate(handled.Select(s => (s.Id, Judge: JudgeReply(s, unitId, assignments.GetValueOrDefault(s.Id), replies, today)))),
                    CriterionMeasure.ContactCompleteness => Rate(handled.Where(s => replies.Any(r => r.SuggestionId == s.Id && r.UnitId == unitId))
                        .Select(s => (s.Id, Judge: (bool?)(contacts.Where(c => c.SuggestionId == s.Id && c.UnitId == unitId).Select(c => c.Stage).Distinct().Count() == 3)))),
                    CriterionMeasure.Satisfaction => Rate(handled.SelectMany(s => LatestRatings(evaluations, s.Id).Select(e => (s.Id, Judge: (bool?)(e.Result != Satisfaction.Unsatisfied))))),
                    CriterionMeasure.RehandlingCount => Count(handled.Where(s => replies.Any(r => r.SuggestionId == s.Id && r.UnitId == unitId && r.Round >= 2)).Select(s => s.Id)),
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

    private bool? JudgeAcknowledgement(SuggestionUnit unit, Suggestion suggestion, DateOnly today)
    {
        DateOnly due;
        try
        {
            due = profile.Value.Compute("reassignmentWindow", ChinaTime.DateOf(suggestion.AssignedAt!.Value), calendar);
        }
        catch (CalendarOutOfRangeException)
        {
            // A year whose holiday schedule was never loaded (an old session): the window cannot be counted, so the
            // item is left out rather than judged against a guessed calendar.
            return null;
        }
        if (unit.AcknowledgedAt is { } at)
        {
            return ChinaTime.DateOf(at) <= due;
        }
        // Still inside the window: not judged yet.
        return today > due ? false : null;
    }

    private static bool? JudgeReply(Suggestion suggestion, string unitId, Assignment? assignment, List<Reply> replies, DateOnly today)
    {
        // The original deadline: an extension keeps a reply lawful but does not make it on time (Shenzhen: within 3 months).
        var due = assignment?.ReplyDueOn ?? suggestion.ReplyDueOn;
        if (due is null)
        {
            return null;
        }
        var first = replies.Where(r => r.SuggestionId == suggestion.Id && r.UnitId == unitId).OrderBy(r => r.SignedAt).FirstOrDefault();
        if (first is not null)
        {
            return ChinaTime.DateOf(first.SignedAt!.Value) <= due;
        }
        return today > due ? false : null;
    }

    private static IEnumerable<Evaluation> LatestRatings(List<Evaluation> evaluations, int suggestionId)
    {
        var mine = evaluations.Where(e => e.SuggestionId == suggestionId).ToList();
        return mine.Count == 0 ? [] : mine.Where(e => e.Round == mine.Max(x => x.Round));
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
