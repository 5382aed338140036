using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Public;

/// <summary>
/// One disclosed suggestion with full consent: its text and the delivered replies. Anything else (title-only consent,
/// no consent, not closed, unknown) is 404, so the page does not even reveal that the suggestion exists.
/// </summary>
[AllowAnonymous]
public sealed class DetailsModel(AppDbContext db) : PageModel
{
    public sealed record ReplyItem(string Unit, string ResultClass, string Text, DateOnly? On);

    public Suggestion Suggestion { get; private set; } = null!;

    public string SessionLabel { get; private set; } = "";

    public string LeadDeputy { get; private set; } = "";

    public IReadOnlyList<string> Units { get; private set; } = [];

    public IReadOnlyList<ReplyItem> Replies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var suggestion = await PublicSuggestions.Disclosed(db).Include(s => s.Units)
            .SingleOrDefaultAsync(s => s.Id == id && s.Disclosure == DisclosureConsent.Full, cancellationToken);
        if (suggestion is null)
        {
            return NotFound();
        }
        Suggestion = suggestion;
        SessionLabel = IndexModel.SessionLabel(suggestion);
        LeadDeputy = await db.Set<Deputy>().AsNoTracking().Where(d => d.Id == suggestion.LeadDeputyId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken) ?? "";
        var names = await UnitNames.AllAsync(db, cancellationToken);
        Units = [.. suggestion.Units.Where(u => u.IsActive).OrderBy(u => u.Role).Select(u => names.GetValueOrDefault(u.UnitId, u.UnitId))];
        // Only replies that went to the deputy; drafts sent back by a leader or committee are internal.
        var replies = await db.Set<Reply>().AsNoTracking().Where(r => r.SuggestionId == id && r.DeliveredAt != null)
            .OrderBy(r => r.Round).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        Replies = [.. replies.Select(r => new ReplyItem(names.GetValueOrDefault(r.UnitId, r.UnitId), r.ResultClass, r.Text,
            r.DeliveredAt is { } at ? ChinaTime.DateOf(at) : null))];
        return Page();
    }
}
