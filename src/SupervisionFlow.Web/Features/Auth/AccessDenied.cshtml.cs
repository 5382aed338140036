using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>Where the cookie scheme sends a signed-in user who lacks the role; answers 403.</summary>
public sealed class AccessDeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
