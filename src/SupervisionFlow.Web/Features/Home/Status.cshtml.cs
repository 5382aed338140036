using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SupervisionFlow.Web.Features.Home;

/// <summary>The Chinese page for a bare error status of a UI request (re-executed by the status-code middleware).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "出错了";

    public string Message { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    // A failed POST is re-executed as a POST.
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Message) = code switch
        {
            400 => ("请求有误", "提交的内容无效或页面已过期，请返回后刷新页面再试。"),
            403 => ("无权访问", "您没有权限查看或办理该内容。"),
            404 => ("页面不存在", "您要找的页面或任务不存在，或已经办结。"),
            409 => ("操作冲突", "该任务已被他人处理，请刷新后再试。"),
            _ => ("出错了", "系统处理请求时出错，请稍后再试。"),
        };
        // Direct visits to /Status/404 keep the status they describe.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null && code is >= 400 and < 600)
        {
            Response.StatusCode = code;
        }
    }
}
