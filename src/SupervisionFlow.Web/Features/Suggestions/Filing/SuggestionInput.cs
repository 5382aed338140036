using System.Globalization;

namespace SupervisionFlow.Web.Features.Suggestions.Filing;

/// <summary>
/// The filing forms' fields (the deputy's 提出建议 and the office's 代录建议), as text: checked on the server with the
/// import's Chinese messages, never by the model binder. The lead deputy is not here: the deputy is the lead of the
/// own form, the office picks one.
/// </summary>
public sealed class SuggestionInput
{
    public string? Kind { get; set; } = "BetweenSession";

    public string? Term { get; set; }

    public string? Session { get; set; }

    public string? Title { get; set; }

    public string? Content { get; set; }

    public string? Category { get; set; }

    public string? FormedBy { get; set; }

    public List<int> CoSignerIds { get; set; } = [];

    public string? Disclosure { get; set; } = "Full";

    public bool ReferenceOnly { get; set; }

    /// <summary>届次 and 会次 as numbers for the 相似建议 search; 0 when not a number (nothing is similar then).</summary>
    public (int Term, int Session) SessionNumbers() => (Number(Term), Number(Session));

    private static int Number(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
