using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Suggestions;

namespace SupervisionFlow.Web.Features.Attachments;

/// <summary>
/// <c>/Attachments/{id}</c>: a reply's file, to whoever may see the suggestion (<see cref="SuggestionScope"/>); a
/// deputy only once the reply was delivered, as with the reply letter itself. Always sent as a download with the type
/// decided on upload, so a file can never run as a page of this site.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DownloadModel(AppDbContext db, CurrentActor current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var attachment = await db.Set<ReplyAttachment>().AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new { a.SuggestionId, a.FileName, a.ContentType, Delivered = a.Reply!.DeliveredAt != null })
            .FirstOrDefaultAsync(cancellationToken);
        if (attachment is null)
        {
            return NotFound();
        }
        var (_, perspective) = await SuggestionScope.For(current.Actor).LoadAsync(db, attachment.SuggestionId, cancellationToken);
        if (perspective is null || (perspective == SuggestionPerspective.Deputy && !attachment.Delivered))
        {
            return Forbid();
        }
        var content = await db.Set<ReplyAttachment>().AsNoTracking().Where(a => a.Id == id).Select(a => a.Content).FirstAsync(cancellationToken);
        return File(content, attachment.ContentType, attachment.FileName);
    }
}
