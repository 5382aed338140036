using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.Extensions.Caching.Memory;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>The count badge beside 待办 in the navigation: open tasks of the user, cached briefly per user.</summary>
public sealed class InboxCountViewComponent(CurrentActor current, InboxQuery inbox, IMemoryCache cache) : ViewComponent
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public static string CacheKey(string userName) => "inbox-count:" + userName;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!current.IsSignedIn)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var actor = current.Actor;
        var counts = await cache.GetOrCreateAsync(CacheKey(actor.UserName), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return await inbox.CountAsync(actor, HttpContext.RequestAborted);
        });
        if (counts is null || counts.Open == 0)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var css = counts.Overdue > 0 ? "badge badge-overdue" : "badge";
        var title = counts.Overdue > 0 ? $"{counts.Open} 项待办，其中 {counts.Overdue} 项逾期" : $"{counts.Open} 项待办";
        return new HtmlContentViewComponentResult(new HtmlString(
            $"<span class=\"{css}\" title=\"{Shared.WebPages.Html.Encode(title)}\">{counts.Open.ToString(CultureInfo.InvariantCulture)}</span>"));
    }
}
