using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Portal;

/// <summary>代表之窗 · 我的建议: the suggestions the deputy leads or co-signed, with progress and what awaits them.</summary>
[Authorize(Policy = Policies.Deputy)]
public sealed class IndexModel(PortalQuery portal, CurrentActor current) : PageModel
{
    public IReadOnlyList<PortalRow> Rows { get; private set; } = [];

    public bool NotLinked { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (current.DeputyId is not { } deputyId)
        {
            NotLinked = true;
            return Page();
        }
        Rows = await portal.MineAsync(deputyId, current.Actor, cancellationToken);
        return Page();
    }
}
