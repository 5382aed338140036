using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// The 建议列表's filters as one value: the list pages with it, and a bulk action's "select all matching" selects with
/// it in SQL, so both see exactly the same suggestions.
/// </summary>
public sealed record SuggestionListFilter(
    string? Q, SuggestionState? State, SuggestionKind? Kind, string? Category, string? Unit, bool KeyOnly, bool OverdueOnly)
{
    public IQueryable<Suggestion> Apply(IQueryable<Suggestion> query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim();
            var number = int.TryParse(text.Trim('第', '号'), out var n) ? n : -1;
            query = query.Where(s => s.Title.Contains(text) || s.Content.Contains(text) || s.Number == number);
        }
        query = query.InState(State).OfKind(Kind).InCategory(Category).HandledBy(Unit);
        if (KeyOnly)
        {
            query = query.Where(s => s.IsKey);
        }
        if (OverdueOnly)
        {
            // As the statistics count it: no first reply, past the deadline, still in handling.
            query = query.Where(s => s.FirstRepliedAt == null && s.ReplyDueOn != null && s.ReplyDueOn < today && s.State == SuggestionState.InHandling);
        }
        return query;
    }

    /// <summary>The list's order: newest session first, then by kind and number.</summary>
    public static IQueryable<Suggestion> InListOrder(IQueryable<Suggestion> query) =>
        query.OrderByDescending(s => s.Term).ThenByDescending(s => s.Session).ThenBy(s => s.Kind).ThenBy(s => s.Number);

    /// <summary>The filters as query-string values (the pager's links, the bulk form's hidden fields).</summary>
    public Dictionary<string, string?> ToQuery() => new()
    {
        ["q"] = Q, ["state"] = State?.ToString(), ["kind"] = Kind?.ToString(), ["category"] = Category, ["unit"] = Unit,
        ["keyOnly"] = KeyOnly ? "true" : null, ["overdueOnly"] = OverdueOnly ? "true" : null,
    };
}
