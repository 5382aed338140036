using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// <c>GET /Suggestions/Similar?term=&amp;session=&amp;title=&amp;content=</c> (or POST of those fields): the similar suggestions of a session as
/// JSON, for the 相似建议 panel of the filing forms. The office sees every field it needs to merge; a deputy only
/// numbers and titles (<see cref="SimilarView"/>).
/// </summary>
[Authorize(Roles = $"{Roles.Office},{Roles.Admin},{Roles.Deputy}")]
public sealed class SimilarModel(SimilarSuggestions similar, CurrentActor current) : PageModel
{
    public Task<IActionResult> OnGetAsync(string? term, string? session, string? title, string? content, CancellationToken cancellationToken) =>
        FindAsync(term, session, title, content, cancellationToken);

    /// <summary>The same from a form post (a long content does not fit in a query string); the antiforgery token is checked.</summary>
    public Task<IActionResult> OnPostAsync(string? term, string? session, string? title, string? content, CancellationToken cancellationToken) =>
        FindAsync(term, session, title, content, cancellationToken);

    private async Task<IActionResult> FindAsync(string? term, string? session, string? title, string? content, CancellationToken cancellationToken)
    {
        var matches = await similar.FindAsync(Number(term), Number(session), title, content, excludeId: null, cancellationToken);
        var full = current.IsOffice;
        return new JsonResult(new { full, items = SimilarView.For(matches, full, current.DeputyId) });
    }

    private static int Number(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
