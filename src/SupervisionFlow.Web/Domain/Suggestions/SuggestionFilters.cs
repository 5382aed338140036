namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>
/// The filters every suggestion list offers (pages, API, statistics); an empty value leaves the query as it is.
/// </summary>
public static class SuggestionFilters
{
    public static IQueryable<Suggestion> InTerm(this IQueryable<Suggestion> query, int? term) =>
        term is { } t ? query.Where(s => s.Term == t) : query;

    public static IQueryable<Suggestion> InSession(this IQueryable<Suggestion> query, int? session) =>
        session is { } n ? query.Where(s => s.Session == n) : query;

    public static IQueryable<Suggestion> OfKind(this IQueryable<Suggestion> query, SuggestionKind? kind) =>
        kind is { } k ? query.Where(s => s.Kind == k) : query;

    public static IQueryable<Suggestion> InState(this IQueryable<Suggestion> query, SuggestionState? state) =>
        state is { } st ? query.Where(s => s.State == st) : query;

    public static IQueryable<Suggestion> InCategory(this IQueryable<Suggestion> query, string? category)
    {
        var c = category?.Trim();
        return string.IsNullOrEmpty(c) ? query : query.Where(s => s.Category == c);
    }

    /// <summary>Suggestions a unit handles now (re-assigned units no longer count).</summary>
    public static IQueryable<Suggestion> HandledBy(this IQueryable<Suggestion> query, string? unitId)
    {
        var unit = unitId?.Trim();
        return string.IsNullOrEmpty(unit) ? query : query.Where(s => s.Units.Any(u => u.IsActive && u.UnitId == unit));
    }
}
