using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Tests.Domain.Statistics;

/// <summary>
/// The statistics as they were computed before the SQL aggregation (issue #10), kept verbatim as the reference the
/// grouped queries of <see cref="SuggestionStatistics"/> must agree with: loads the filtered rows and aggregates in memory.
/// </summary>
internal sealed class InMemoryStatistics(AppDbContext db, TimeProvider clock, IOptions<HandlingProfile> profile)
{
    public async Task<StatisticsReport> BuildAsync(StatisticsFilter filter, CancellationToken cancellationToken = default)
    {
        // Every column the figures use, not the suggestion's text: a national session's contents are tens of megabytes.
        var suggestions = await db.Set<Suggestion>().AsNoTracking()
            .InTerm(filter.Term).InSession(filter.Session).OfKind(filter.Kind)
            .Select(s => new Suggestion
            {
                Id = s.Id, Term = s.Term, Session = s.Session, Number = s.Number, Kind = s.Kind, Title = s.Title, Content = "",
                Category = s.Category, FormedBy = s.FormedBy, IsKey = s.IsKey, KeyLeaderId = s.KeyLeaderId, KeyCommitteeId = s.KeyCommitteeId,
                State = s.State, ReplyDueOn = s.ReplyDueOn, FirstRepliedAt = s.FirstRepliedAt, ResultClass = s.ResultClass, Units = s.Units.ToList(),
            })
            .ToListAsync(cancellationToken);
        var ids = suggestions.Select(s => s.Id).ToList();
        var evaluations = await db.Set<Evaluation>().AsNoTracking().Where(e => ids.Contains(e.SuggestionId)).ToListAsync(cancellationToken);
        var units = await UnitNames.AllAsync(db, cancellationToken);
        var leaders = await db.Set<Leader>().AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
        var committees = await db.Set<Committee>().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var today = ChinaTime.Today(clock);

        // The rating that counts is the latest round's; earlier rounds were superseded by re-handling.
        var latestRatings = evaluations.GroupBy(e => e.SuggestionId)
            .ToDictionary(g => g.Key, g => g.Where(e => e.Round == g.Max(x => x.Round)).ToList());
        SatisfactionSummary Summarize(IEnumerable<Suggestion> items) => Summary(items.SelectMany(s => latestRatings.GetValueOrDefault(s.Id) ?? []));

        var replied = suggestions.Where(s => s.FirstRepliedAt is not null).ToList();
        bool OnTime(Suggestion s) => s.ReplyDueOn is { } due && ChinaTime.DateOf(s.FirstRepliedAt!.Value) <= due;
        var overdue = suggestions
            .Where(s => s.FirstRepliedAt is null && s.ReplyDueOn is { } due && due < today && s.State == SuggestionState.InHandling)
            .Select(s => new OverdueRow(s.Id, s.DisplayNumber, s.Title, NamesOf(s, units), s.ReplyDueOn!.Value, today.DayNumber - s.ReplyDueOn!.Value.DayNumber))
            .OrderByDescending(r => r.DaysOverdue)
            .ToList();
        var byUnit = suggestions
            .SelectMany(s => s.Units.Where(u => u.IsActive).Select(u => (u.UnitId, u.Role, Suggestion: s)))
            .GroupBy(x => x.UnitId)
            .Select(g =>
            {
                var handled = g.Where(x => x.Role != UnitRole.Co).Select(x => x.Suggestion).ToList();
                return new UnitRow(
                    g.Key, units.GetValueOrDefault(g.Key, g.Key),
                    handled.Count, g.Count(x => x.Role == UnitRole.Co),
                    handled.Count(s => s.FirstRepliedAt is not null), handled.Count(s => s.FirstRepliedAt is not null && OnTime(s)),
                    overdue.Count(o => handled.Any(s => s.Id == o.SuggestionId)), Summarize(handled));
            })
            .OrderByDescending(r => r.Lead)
            .ToList();
        var classes = profile.Value.ResultClasses;
        var keyRows = suggestions.Where(s => s.IsKey).Select(s => new KeySuggestionRow(
                s.Id, s.DisplayNumber, s.Title, StateLabels.Of(s.State),
                s.KeyLeaderId is null ? null : leaders.GetValueOrDefault(s.KeyLeaderId, s.KeyLeaderId),
                s.KeyCommitteeId is null ? null : committees.GetValueOrDefault(s.KeyCommitteeId, s.KeyCommitteeId),
                NamesOf(s, units), s.ReplyDueOn, s.FirstRepliedAt is not null, s.ResultClass,
                latestRatings.GetValueOrDefault(s.Id)?.FirstOrDefault(e => !e.NotEvaluated)?.Result is { } r ? StateLabels.Of(r) : null))
            .ToList();
        return new StatisticsReport(
            suggestions.Count,
            Count(suggestions, s => s.State.ToString(), s => StateLabels.Of(s.State)),
            Count(suggestions, s => s.Category, s => s.Category),
            Count(suggestions, s => s.Kind.ToString(), s => s.Kind == SuggestionKind.Session ? "大会建议" : "闭会建议"),
            Count(suggestions, s => s.FormedBy ?? "", s => s.FormedBy ?? "未注明"),
            Count(suggestions.Where(s => s.ResultClass is not null), s => s.ResultClass!,
                s => $"{s.ResultClass} {classes.FirstOrDefault(c => c.Code == s.ResultClass)?.Label}".Trim()),
            byUnit,
            Summarize(suggestions),
            replied.Count,
            replied.Count(OnTime),
            overdue,
            keyRows,
            byUnit.Count);
    }

    private static SatisfactionSummary Summary(IEnumerable<Evaluation> ratings)
    {
        var list = ratings.ToList();
        return new SatisfactionSummary(
            list.Count(e => !e.NotEvaluated && e.Result == Satisfaction.Satisfied),
            list.Count(e => !e.NotEvaluated && e.Result == Satisfaction.BasicallySatisfied),
            list.Count(e => !e.NotEvaluated && e.Result == Satisfaction.Unsatisfied),
            list.Count(e => e.NotEvaluated));
    }

    private static List<CountRow> Count(IEnumerable<Suggestion> items, Func<Suggestion, string> key, Func<Suggestion, string> label) =>
        items.GroupBy(key).Select(g => new CountRow(g.Key, label(g.First()), g.Count())).OrderByDescending(r => r.Count).ToList();

    private static List<string> NamesOf(Suggestion s, Dictionary<string, string> units) =>
        s.Units.Where(u => u.IsActive).OrderBy(u => u.Role).Select(u => units.GetValueOrDefault(u.UnitId, u.UnitId)).ToList();
}
