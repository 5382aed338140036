using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Features.Auth;

[AllowAnonymous]
public sealed class LoginModel(
    SignInManager<AppUser> signIn, IOptions<SignInLockoutOptions> lockout, SignInThrottle throttle, ILogger<LoginModel> logger) : PageModel
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
        var address = HttpContext.Connection.RemoteIpAddress;
        if (throttle.RetryAfter(address) is { } wait)
        {
            // Turned away before the password is checked, so this address can no longer guess or lock accounts.
            logger.LogWarning("Sign-in from {Address} throttled for {Wait}", address, wait);
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Error = $"登录失败次数过多，请 {Math.Ceiling(wait.TotalMinutes):0} 分钟后再试。";
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserName} signed in", UserName);
            return LocalRedirect(ReturnUrl);
        }
        throttle.RecordFailure(address);
        Error = result.IsLockedOut ? await LockedMessageAsync(UserName, password) : null;
        // One answer for an unknown name, a wrong password and a locked account, so names cannot be enumerated.
        Error ??= $"用户名或密码不正确（同一账号连续输错 {lockout.Value.MaxFailedAttempts} 次将锁定 {Math.Ceiling(lockout.Value.Duration.TotalMinutes):0} 分钟）。";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Why the account is locked — told only to someone who gave its right password, who owns it.</summary>
    private async Task<string?> LockedMessageAsync(string userName, string password)
    {
        logger.LogWarning("User {UserName} is locked out", userName);
        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (user is null || !await signIn.UserManager.CheckPasswordAsync(user, password))
        {
            return null;
        }
        return AccountLock.IsLockedByAdministrator(user, TimeProvider.System.GetUtcNow())
            ? "账号已被系统管理员锁定，请联系系统管理员。"
            : $"密码连续输错 {lockout.Value.MaxFailedAttempts} 次，账号已锁定，请 {Math.Ceiling(lockout.Value.Duration.TotalMinutes):0} 分钟后再试。";
    }

    private string LocalOrHome(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
