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
/// <see cref="AssessmentScheme"/>, over the suggestions each unit leads or handles separately (主办/分办). Reads narrow
/// projections once (unit rows with their suggestion's dates, signed replies, contacts, ratings, approved extensions),
/// looks them up by key and aggregates in memory: no per-unit query and no per-unit scan.
/// </summary>
public sealed class UnitAssessment(AppDbContext db, TimeProvider clock, IOptions<HandlingProfile> profile, WorkingCalendar calendar)
{
    public async Task<IReadOnlyList<UnitScore>> RankAsync(int term, int session, CancellationToken cancellationToken = default)
    {
        // Narrow rows, not suggestions: the active unit rows joined to the columns the criteria read, all of them in the
        // statistics' covering indexes, so a national session's texts (tens of megabytes) are never read.
        var inSession = db.Set<Suggestion>().AsNoTracking().Where(s => s.Term == term && s.Session == session && s.AssignedAt != null);
        var unitRows = await db.Set<SuggestionUnit>().AsNoTracking().Where(u => u.IsActive)
            .Join(inSession, u => u.SuggestionId, s => s.Id, (u, s) => new { Unit = u, Suggestion = s })
            // Suggestions in id order and each one's units in theirs: the order of every criterion's item list.
            .OrderBy(x => x.Suggestion.Id).ThenBy(x => x.Unit.Id)
            .Select(x => new UnitRow(x.Unit.Id, x.Suggestion.Id, x.Unit.UnitId, x.Unit.Role, x.Unit.AcknowledgedAt, x.Suggestion.AssignedAt!.Value, x.Suggestion.ReplyDueOn))
            .ToListAsync(cancellationToken);
        var ids = inSession.Select(s => s.Id);
        var assignments = (await db.Set<Assignment>().AsNoTracking().Where(a => ids.Contains(a.SuggestionId))
                .Select(a => new { a.Id, a.SuggestionId, a.ReplyDueOn }).ToListAsync(cancellationToken))
            .GroupBy(a => a.SuggestionId).ToDictionary(g => g.Key, g => (DateOnly?)g.MinBy(a => a.Id)!.ReplyDueOn);
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
            .ToDictionary(g => g.Key, g =>
            {
                var latest = g.Max(x => x.Round);
                return g.Where(e => e.Round == latest).Select(e => e.Result).ToList();
            });
        var extensions = (await db.Set<ExtensionRequest>().AsNoTracking().Where(x => ids.Contains(x.SuggestionId) && x.Approved == true)
                .Select(x => new { x.SuggestionId, x.UnitId }).ToListAsync(cancellationToken))
            .ToLookup(x => x.UnitId, x => x.SuggestionId);
        var names = await Directory.UnitNames.AllAsync(db, cancellationToken);
        var today = ChinaTime.Today(clock);
        var scheme = profile.Value.Assessment;
        var windows = new Dictionary<DateOnly, DateOnly?>();

        var scores = new List<(string UnitId, double Total, List<CriterionResult> Criteria)>();
        foreach (var group in unitRows.GroupBy(r => r.UnitId))
        {
            var unitId = group.Key;
            var handled = group.Where(r => r.Role != UnitRole.Co).ToList();
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
                    CriterionMeasure.OnTimeAcknowledgement => Rate(handled.Select(r => (r.SuggestionId, Judge: JudgeAcknowledgement(r, today, windows)))),
                    CriterionMeasure.OnTimeReply => Rate(handled.Select(r => (r.SuggestionId, Judge: JudgeReply(r, assignments.GetValueOrDefault(r.SuggestionId), replies[(r.SuggestionId, unitId)], today)))),
                    CriterionMeasure.ContactCompleteness => Rate(handled.Where(r => replies[(r.SuggestionId, unitId)].Any())
                        .Select(r => (r.SuggestionId, Judge: (bool?)(contacts[(r.SuggestionId, unitId)].Distinct().Count() == 3)))),
                    CriterionMeasure.Satisfaction => Rate(handled.SelectMany(r => (evaluations.GetValueOrDefault(r.SuggestionId) ?? []).Select(result => (r.SuggestionId, Judge: (bool?)(result != Satisfaction.Unsatisfied))))),
                    CriterionMeasure.RehandlingCount => Count(handled.Where(r => replies[(r.SuggestionId, unitId)].Any(x => x.Round >= 2)).Select(r => r.SuggestionId)),
                    _ => Count(extensions[unitId]),
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
        var ranked = new List<UnitScore>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var s = ordered[i];
            // Equal totals share a rank (1, 2, 2, 4): the rank of the first unit with this total.
            var rank = i > 0 && ordered[i - 1].Total == s.Total ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new UnitScore(rank, s.UnitId, names.GetValueOrDefault(s.UnitId, s.UnitId), s.Total, s.Criteria));
        }
        return ranked;
    }

    /// <summary>An active unit row of an assigned suggestion, with the suggestion's columns the criteria read.</summary>
    private sealed record UnitRow(int RowId, int SuggestionId, string UnitId, UnitRole Role, DateTime? AcknowledgedAt, DateTime AssignedAt, DateOnly? ReplyDueOn);

    private sealed record SignedReply(int SuggestionId, string UnitId, int Round, DateTime SignedAt);

    private bool? JudgeAcknowledgement(UnitRow unit, DateOnly today, Dictionary<DateOnly, DateOnly?> windows)
    {
        var assignedOn = ChinaTime.DateOf(unit.AssignedAt);
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

    private static bool? JudgeReply(UnitRow unit, DateOnly? assignedDue, IEnumerable<SignedReply> replies, DateOnly today)
    {
        // The original deadline: an extension keeps a reply lawful but does not make it on time (Shenzhen: within 3 months).
        var due = assignedDue ?? unit.ReplyDueOn;
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
