using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Public;

/// <summary>
/// The one place that decides what the public may see (代表法 Art. 51 and the deputy's consent): closed suggestions
/// whose deputy consented, <see cref="DisclosureConsent.Full"/> with content and replies,
/// <see cref="DisclosureConsent.TitleOnly"/> with the title only. Suggestions not closed, or without consent, do not exist here.
/// </summary>
public static class PublicSuggestions
{
    public static IQueryable<Suggestion> Disclosed(AppDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Suggestion>().AsNoTracking()
            .Where(s => s.State == SuggestionState.Closed
                && (s.Disclosure == DisclosureConsent.Full || s.Disclosure == DisclosureConsent.TitleOnly));
    }
}
