using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Statistics;

/// <summary>
/// The database side of <see cref="SuggestionStatistics"/>: grouped counts and narrow projections over the filtered
/// suggestions, never whole entities (a national session's texts are tens of megabytes).
/// </summary>
internal sealed class StatisticsQueries(AppDbContext db, StatisticsFilter filter)
{
    /// <summary>One cell of state × category × kind × source × result class; <see cref="FirstId"/> orders ties.</summary>
    public sealed record Cell(SuggestionState State, string Category, SuggestionKind Kind, string? FormedBy, string? ResultClass, int Count, int FirstId);

    public sealed record Reply(DateOnly? ReplyDueOn, DateTime? FirstRepliedAt);

    public sealed record UnitReply(string UnitId, DateOnly? ReplyDueOn, DateTime? FirstRepliedAt);

    /// <summary>A unit's rows in one role: how many, how many replied, and where the unit first appears.</summary>
    public sealed record UnitRoleCount(string UnitId, UnitRole Role, int Count, int Replied, int FirstSuggestionId, int FirstRowId);

    public sealed record RatingCount(bool NotEvaluated, Satisfaction? Result, int Count);

    public sealed record UnitRatingCount(string UnitId, bool NotEvaluated, Satisfaction? Result, int Count);

    public sealed record UnitItem(string UnitId, UnitRole Role);

    public sealed record OverdueItem(int Id, int Number, string Title, DateOnly ReplyDueOn, List<UnitItem> Units);

    public sealed record KeyItem(
        int Id, int Number, string Title, SuggestionState State, string? KeyLeaderId, string? KeyCommitteeId, DateOnly? ReplyDueOn,
        DateTime? FirstRepliedAt, string? ResultClass, List<UnitItem> Units, Satisfaction? LatestRating);

    private IQueryable<Suggestion> Suggestions =>
        db.Set<Suggestion>().AsNoTracking().InTerm(filter.Term).InSession(filter.Session).OfKind(filter.Kind);

    /// <summary>Active unit rows of the filtered suggestions, with their suggestion.</summary>
    private IQueryable<UnitOfSuggestion> ActiveUnits =>
        db.Set<SuggestionUnit>().AsNoTracking().Where(u => u.IsActive)
            .Join(Suggestions, u => u.SuggestionId, s => s.Id, (u, s) => new UnitOfSuggestion { Unit = u, Suggestion = s });

    /// <summary>The latest round's ratings of the filtered suggestions: earlier rounds were superseded by re-handling.</summary>
    private IQueryable<Evaluation> LatestRatings
    {
        get
        {
            var suggestions = Suggestions;
            var evaluations = db.Set<Evaluation>().AsNoTracking();
            return evaluations.Where(e => suggestions.Any(s => s.Id == e.SuggestionId)
                && e.Round == evaluations.Where(x => x.SuggestionId == e.SuggestionId).Max(x => x.Round));
        }
    }

    private sealed class UnitOfSuggestion
    {
        public SuggestionUnit Unit { get; init; } = null!;

        public Suggestion Suggestion { get; init; } = null!;
    }

    public Task<List<Cell>> CubeAsync(CancellationToken cancellationToken) =>
        Suggestions
            .GroupBy(s => new { s.State, s.Category, s.Kind, s.FormedBy, s.ResultClass })
            .Select(g => new Cell(g.Key.State, g.Key.Category, g.Key.Kind, g.Key.FormedBy, g.Key.ResultClass, g.Count(), g.Min(s => s.Id)))
            .ToListAsync(cancellationToken);

    /// <summary>The replied suggestions' deadline and first reply: "on time" is a China date, judged in C#.</summary>
    public Task<List<Reply>> RepliesAsync(CancellationToken cancellationToken) =>
        Suggestions.Where(s => s.FirstRepliedAt != null)
            .Select(s => new Reply(s.ReplyDueOn, s.FirstRepliedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The same per lead or separately handling unit (主办/分办).</summary>
    public Task<List<UnitReply>> UnitRepliesAsync(CancellationToken cancellationToken) =>
        ActiveUnits.Where(x => x.Unit.Role != UnitRole.Co && x.Suggestion.FirstRepliedAt != null)
            .Select(x => new UnitReply(x.Unit.UnitId, x.Suggestion.ReplyDueOn, x.Suggestion.FirstRepliedAt))
            .ToListAsync(cancellationToken);

    public Task<List<UnitRoleCount>> UnitRolesAsync(CancellationToken cancellationToken) =>
        ActiveUnits
            .GroupBy(x => new { x.Unit.UnitId, x.Unit.Role })
            .Select(g => new UnitRoleCount(
                g.Key.UnitId, g.Key.Role, g.Count(), g.Count(x => x.Suggestion.FirstRepliedAt != null), g.Min(x => x.Suggestion.Id), g.Min(x => x.Unit.Id)))
            .ToListAsync(cancellationToken);

    public Task<List<RatingCount>> RatingsAsync(CancellationToken cancellationToken) =>
        LatestRatings
            .GroupBy(e => new { e.NotEvaluated, e.Result })
            .Select(g => new RatingCount(g.Key.NotEvaluated, g.Key.Result, g.Count()))
            .ToListAsync(cancellationToken);

    /// <summary>Latest ratings of the suggestions each unit leads or handles separately.</summary>
    public Task<List<UnitRatingCount>> UnitRatingsAsync(CancellationToken cancellationToken) =>
        db.Set<SuggestionUnit>().AsNoTracking().Where(u => u.IsActive && u.Role != UnitRole.Co)
            .Join(LatestRatings, u => u.SuggestionId, e => e.SuggestionId, (u, e) => new { u.UnitId, e.NotEvaluated, e.Result })
            .GroupBy(x => new { x.UnitId, x.NotEvaluated, x.Result })
            .Select(g => new UnitRatingCount(g.Key.UnitId, g.Key.NotEvaluated, g.Key.Result, g.Count()))
            .ToListAsync(cancellationToken);

    /// <summary>In handling, not replied, past the deadline: the list the office chases.</summary>
    public Task<List<OverdueItem>> OverdueAsync(DateOnly today, CancellationToken cancellationToken) =>
        Suggestions
            .Where(s => s.FirstRepliedAt == null && s.ReplyDueOn != null && s.ReplyDueOn < today && s.State == SuggestionState.InHandling)
            .OrderBy(s => s.Id)
            .Select(s => new OverdueItem(s.Id, s.Number, s.Title, s.ReplyDueOn!.Value,
                s.Units.Where(u => u.IsActive).OrderBy(u => u.Id).Select(u => new UnitItem(u.UnitId, u.Role)).ToList()))
            .ToListAsync(cancellationToken);

    public Task<List<KeyItem>> KeySuggestionsAsync(CancellationToken cancellationToken)
    {
        var evaluations = db.Set<Evaluation>().AsNoTracking();
        return Suggestions.Where(s => s.IsKey)
            .OrderBy(s => s.Id)
            .Select(s => new KeyItem(
                s.Id, s.Number, s.Title, s.State, s.KeyLeaderId, s.KeyCommitteeId, s.ReplyDueOn, s.FirstRepliedAt, s.ResultClass,
                s.Units.Where(u => u.IsActive).OrderBy(u => u.Id).Select(u => new UnitItem(u.UnitId, u.Role)).ToList(),
                // The first returned rating of the latest round, as the in-memory grouping read it.
                evaluations.Where(e => e.SuggestionId == s.Id && !e.NotEvaluated
                        && e.Round == evaluations.Where(x => x.SuggestionId == s.Id).Max(x => x.Round))
                    .OrderBy(e => e.Id).Select(e => e.Result).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }
}
