using SupervisionFlow.Web.Domain.Directory;

namespace SupervisionFlow.Web.Features.Suggestions.Filing;

/// <summary>What <c>_SuggestionFields</c> renders: the page model of a filing form, the deputy's or the office's.</summary>
public interface ISuggestionForm
{
    SuggestionInput Input { get; }

    /// <summary>The co-signer search box.</summary>
    string? DeputySearch { get; }

    IReadOnlyList<Deputy> SelectedCoSigners { get; }

    IReadOnlyList<Deputy> SearchResults { get; }

    bool Searched { get; }

    SimilarPanel Similar { get; }

    /// <summary>Field name (<c>title</c>, <c>coSignerIds</c> …) → Chinese message.</summary>
    IReadOnlyDictionary<string, string> FieldErrors { get; }

    IReadOnlyList<string> Categories { get; }

    IReadOnlyList<string> FormedByOptions { get; }

    /// <summary>True on the office's 代录 form: the hints speak of "the deputy", not "you".</summary>
    bool OnBehalf { get; }
}
