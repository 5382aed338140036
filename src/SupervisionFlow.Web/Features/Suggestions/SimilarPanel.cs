namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>What <c>_SimilarPanel</c> shows: nothing before a search, then the similar suggestions or "none".</summary>
public sealed record SimilarPanel(bool Searched, IReadOnlyList<SimilarView> Items)
{
    public static SimilarPanel NotSearched { get; } = new(false, []);
}
