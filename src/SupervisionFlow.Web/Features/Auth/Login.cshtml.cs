using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Features.Auth;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, IOptions<SignInLockoutOptions> lockout, ILogger<LoginModel> logger) : PageModel
{
    public string? Error { get; private set; }

    public string? UserName { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = LocalOrHome(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        ReturnUrl = LocalOrHome(returnUrl);
        UserName = userName?.Trim();
        if (string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(password))
        {
            Error = "请输入用户名和密码。";
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserName} signed in", UserName);
            return LocalRedirect(ReturnUrl);
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserName} is locked out", UserName);
            var user = await signIn.UserManager.FindByNameAsync(UserName);
            Error = user is not null && AccountLock.IsLockedByAdministrator(user, TimeProvider.System.GetUtcNow())
                ? "账号已被系统管理员锁定，请联系系统管理员。"
                : $"密码连续输错 {lockout.Value.MaxFailedAttempts} 次，账号已锁定，请 {Math.Ceiling(lockout.Value.Duration.TotalMinutes):0} 分钟后再试。";
        }
        else
        {
            Error = "用户名或密码不正确。";
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private string LocalOrHome(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
