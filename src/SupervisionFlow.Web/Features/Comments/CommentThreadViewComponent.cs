using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using SupervisionFlow.Web.Domain.Comments;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Comments;

/// <summary>
/// The 沟通记录 section of a suggestion's page (details, the deputy's portal page): the messages this reader may see and,
/// for those who may write, the form (posting to <see cref="PostModel"/>, which returns to <c>returnUrl</c>).
/// Renders nothing for a reader outside the suggestion's scope.
/// </summary>
public sealed class CommentThreadViewComponent(SuggestionComments comments, CurrentActor current) : ViewComponent
{
    public sealed record ThreadView(CommentThread Thread, string ReturnUrl, string? Message, string? Error, string? Draft);

    public async Task<IViewComponentResult> InvokeAsync(int suggestionId, string returnUrl)
    {
        if (!current.IsSignedIn)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        CommentThread thread;
        try
        {
            thread = await comments.ThreadAsync(suggestionId, current.Actor, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is HandlingForbiddenException or HandlingNotFoundException)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var tempData = ViewContext.TempData;
        return View("/Features/Comments/_CommentThread.cshtml", new ThreadView(
            thread, returnUrl, tempData[PostModel.MessageKey] as string, tempData[PostModel.ErrorKey] as string, tempData[PostModel.DraftKey] as string));
    }
}
