using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Web.Domain.Comments;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Comments;

/// <summary>
/// <c>/Suggestions/{id}/Comments</c>: the 沟通记录 alone (GET) and where its form posts (POST), returning to the page
/// the form was on. Who may read or write is the service's decision (<see cref="SuggestionComments"/>): 403 for a
/// suggestion outside the reader's scope, 404 for none.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class PostModel(SuggestionComments comments, CurrentActor current) : PageModel
{
    public const string MessageKey = "CommentMessage";
    public const string ErrorKey = "CommentError";
    public const string DraftKey = "CommentDraft";

    public int SuggestionId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            await comments.ThreadAsync(id, current.Actor, cancellationToken);
        }
        catch (HandlingNotFoundException)
        {
            return NotFound();
        }
        catch (HandlingForbiddenException)
        {
            return Forbid();
        }
        SuggestionId = id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string? audience, string? body, string? returnUrl, CancellationToken cancellationToken)
    {
        try
        {
            // Parsed here rather than bound: a value that fails to bind would arrive as the default, 全部相关方 — the widest.
            var chosen = Enum.TryParse<CommentAudience>(audience, ignoreCase: false, out var parsed) ? parsed : (CommentAudience)(-1);
            await comments.PostAsync(id, chosen, body, current.Actor, cancellationToken);
            TempData[MessageKey] = "留言已发送。";
        }
        catch (HandlingNotFoundException)
        {
            return NotFound();
        }
        catch (HandlingForbiddenException)
        {
            return Forbid();
        }
        catch (HandlingValidationException e)
        {
            TempData[ErrorKey] = e.Message;
            TempData[DraftKey] = body;
        }
        var back = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : $"/Suggestions/{id}/Comments";
        return LocalRedirect(back + "#comments");
    }
}
