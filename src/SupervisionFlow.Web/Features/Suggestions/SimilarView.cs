using System.Globalization;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// One similar suggestion as a viewer may see it. The office sees everything (link, state, score); a deputy only the
/// number and the title, and not even the title of another deputy's suggestion whose deputy did not consent to
/// publishing it (代表法 Art. 51 consent, <see cref="DisclosureConsent.None"/>).
/// </summary>
public sealed record SimilarView(string Number, string Title, int? Id, string? State, string? Score)
{
    public const string HiddenTitle = "（提出代表未同意公开标题）";

    public static IReadOnlyList<SimilarView> For(IReadOnlyList<SimilarMatch> matches, bool full, int? deputyId) =>
        [.. matches.Select(m => full
            ? new SimilarView(NumberOf(m.Suggestion), m.Suggestion.Title, m.Suggestion.Id, StateLabels.Of(m.Suggestion.State),
                m.Score.ToString("P0", CultureInfo.InvariantCulture))
            : new SimilarView(NumberOf(m.Suggestion),
                m.Suggestion.Disclosure == DisclosureConsent.None && m.Suggestion.LeadDeputyId != deputyId ? HiddenTitle : m.Suggestion.Title,
                null, null, null))];

    private static string NumberOf(IndexedSuggestion s) => (s.Kind == SuggestionKind.Session ? "大会" : "闭会") + s.DisplayNumber;
}
