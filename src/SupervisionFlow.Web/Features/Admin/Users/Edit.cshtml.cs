using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Admin.Users;

/// <summary>
/// 编辑用户: name, e-mail, role and directory entry; a new password set by the administrator; lock and unlock. Every
/// change of rights (role, directory entry, password, lock) renews the user's security stamp, so a session opened with
/// the old rights ends at its next stamp check (<see cref="AuthSetup.SecurityStampInterval"/>). An administrator
/// cannot take away their own administrator role nor lock themselves out: someone must be left to manage the system.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditModel(
    AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, CurrentActor current, TimeProvider clock) : PageModel
{
    public const string UpdatedAction = "user.updated";
    public const string PasswordResetAction = "user.password-reset";
    public const string LockedAction = "user.locked";
    public const string UnlockedAction = "user.unlocked";

    /// <summary>The keys of the password and lock forms' messages in <see cref="Errors"/>.</summary>
    public const string NewPasswordField = "newPassword";
    public const string LockField = "lock";

    private readonly UserAccounts _accounts = new(db, users);

    [BindProperty]
    public AccountInput Input { get; set; } = new();

    /// <summary>Never echoed back into the page.</summary>
    [BindProperty]
    public string? NewPassword { get; set; }

    public AppUser EditedUser { get; private set; } = null!;

    public IReadOnlyList<string> CurrentRoles { get; private set; } = [];

    /// <summary>The administrator is editing their own account.</summary>
    public bool IsSelf { get; private set; }

    public bool Locked { get; private set; }

    public bool LockedByAdministrator { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public AccountForm Form { get; private set; } = null!;

    public string PasswordHint => _accounts.PasswordHint;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id))
        {
            return NotFound();
        }
        Input = AccountInput.From(EditedUser, CurrentRoles.FirstOrDefault());
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>保存: name, e-mail, role and directory entry.</summary>
    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id))
        {
            return NotFound();
        }
        var user = EditedUser;
        var account = await _accounts.ReadAsync(Input, user, Errors, cancellationToken);
        if (IsSelf && CurrentRoles.Contains(Roles.Admin) && account is not null && account.Role != Roles.Admin)
        {
            Errors.TryAdd(AccountFields.Role, "不能取消自己的系统管理员角色：请由其他系统管理员操作。");
        }
        if (account is null || Errors.Count > 0)
        {
            return await InvalidAsync(cancellationToken);
        }
        var roles = CurrentRoles;
        var roleChanged = roles.Count != 1 || roles[0] != account.Role;
        var rightsChanged = roleChanged || account.TiesDifferFrom(user);
        var details = $"{user.UserName}：{account.Describe()}"
            + (rightsChanged ? $"（原为 {string.Join("、", roles.Select(Roles.Label))}{Ties(user)}）" : "");
        var result = await _accounts.CommitAsync(async () =>
        {
            account.ApplyTo(user);
            var step = await users.UpdateAsync(user);
            if (step.Succeeded && roleChanged)
            {
                step = await ReplaceRolesAsync(user, roles, account.Role);
            }
            if (step.Succeeded && rightsChanged)
            {
                step = await users.UpdateSecurityStampAsync(user);
            }
            if (step.Succeeded)
            {
                await _accounts.LinkDeputyAsync(user, cancellationToken);
            }
            return step;
        }, current.UserName, UpdatedAction, details, Now, cancellationToken);
        if (!result.Succeeded)
        {
            UserAccounts.AddIdentityErrors(Errors, result.Errors, NewPasswordField);
            return await InvalidAsync(cancellationToken);
        }
        await KeepOwnSessionAsync(user, rightsChanged);
        Message = rightsChanged ? $"已保存。{user.UserName} 已登录的会话将在 {Minutes} 分钟内失效，重新登录后按新的角色和关联办理。" : "已保存。";
        return RedirectToPage(new { id });
    }

    /// <summary>重置密码: the administrator sets a new password; the old one stops working at once.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(string id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id))
        {
            return NotFound();
        }
        var user = EditedUser;
        await _accounts.CheckPasswordAsync(user, NewPassword, NewPasswordField, Errors);
        if (Errors.Count > 0)
        {
            return await InvalidAsync(cancellationToken, resetInput: true);
        }
        var result = await _accounts.CommitAsync(async () =>
        {
            var step = await users.RemovePasswordAsync(user);
            if (step.Succeeded)
            {
                step = await users.AddPasswordAsync(user, NewPassword!);
            }
            // Identity renews the stamp with the password already; renewed here too so no change of rights depends on that.
            return step.Succeeded ? await users.UpdateSecurityStampAsync(user) : step;
        }, current.UserName, PasswordResetAction, user.UserName!, Now, cancellationToken);
        if (!result.Succeeded)
        {
            UserAccounts.AddIdentityErrors(Errors, result.Errors, NewPasswordField);
            return await InvalidAsync(cancellationToken, resetInput: true);
        }
        await KeepOwnSessionAsync(user, true);
        Message = $"已为 {user.UserName} 设置新密码，旧密码已失效。请通过安全渠道告知本人。";
        return RedirectToPage(new { id });
    }

    /// <summary>锁定: no sign-in until unlocked; open sessions end at their next stamp check.</summary>
    public async Task<IActionResult> OnPostLockAsync(string id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            Errors.TryAdd(LockField, "不能锁定自己的账号：请由其他系统管理员操作。");
            return await InvalidAsync(cancellationToken, resetInput: true);
        }
        var user = EditedUser;
        var result = await _accounts.CommitAsync(async () =>
        {
            // Identity only honours a lockout end for users with lockout enabled (older accounts may have it off).
            var step = user.LockoutEnabled ? IdentityResult.Success : await users.SetLockoutEnabledAsync(user, true);
            if (step.Succeeded)
            {
                step = await users.SetLockoutEndDateAsync(user, AccountLock.UntilUnlocked);
            }
            return step.Succeeded ? await users.UpdateSecurityStampAsync(user) : step;
        }, current.UserName, LockedAction, user.UserName!, Now, cancellationToken);
        if (!result.Succeeded)
        {
            UserAccounts.AddIdentityErrors(Errors, result.Errors, LockField);
            return await InvalidAsync(cancellationToken, resetInput: true);
        }
        Message = $"已锁定 {user.UserName}：不能再登录，已登录的会话将在 {Minutes} 分钟内结束。";
        return RedirectToPage(new { id });
    }

    /// <summary>解锁: also ends a lockout after wrong passwords, and starts the count of wrong passwords afresh.</summary>
    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id))
        {
            return NotFound();
        }
        var user = EditedUser;
        var result = await _accounts.CommitAsync(async () =>
        {
            var step = user.LockoutEnabled ? await users.SetLockoutEndDateAsync(user, null) : IdentityResult.Success;
            return step.Succeeded ? await users.ResetAccessFailedCountAsync(user) : step;
        }, current.UserName, UnlockedAction, user.UserName!, Now, cancellationToken);
        if (!result.Succeeded)
        {
            UserAccounts.AddIdentityErrors(Errors, result.Errors, LockField);
            return await InvalidAsync(cancellationToken, resetInput: true);
        }
        Message = $"已解锁 {user.UserName}。";
        return RedirectToPage(new { id });
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static int Minutes => (int)Math.Ceiling(AuthSetup.SecurityStampInterval.TotalMinutes);

    private async Task<bool> FindAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return false;
        }
        EditedUser = user;
        var roles = await users.GetRolesAsync(user);
        CurrentRoles = [.. Roles.All.Where(roles.Contains)];
        IsSelf = users.GetUserId(User) == user.Id;
        return true;
    }

    /// <summary>A user holds one role: the old ones go, the chosen one comes.</summary>
    private async Task<IdentityResult> ReplaceRolesAsync(AppUser user, IReadOnlyList<string> roles, string role)
    {
        var removed = roles.Count == 0 ? IdentityResult.Success : await users.RemoveFromRolesAsync(user, roles);
        return removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
    }

    /// <summary>The administrator's own renewed stamp would end their own session: sign them in again with the new one.</summary>
    private async Task KeepOwnSessionAsync(AppUser user, bool stampRenewed)
    {
        if (IsSelf && stampRenewed)
        {
            await signIn.RefreshSignInAsync(user);
        }
    }

    private static string Ties(AppUser user) =>
        new Account("", null, "", user.UnitId, user.DeputyId, user.CommitteeId, user.LeaderId).Describe();

    private async Task<IActionResult> InvalidAsync(CancellationToken cancellationToken, bool resetInput = false)
    {
        if (resetInput)
        {
            // The password and lock forms post no account fields: show the account as it is.
            Input = AccountInput.From(EditedUser, CurrentRoles.FirstOrDefault());
        }
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        Locked = AccountLock.IsLocked(EditedUser, now);
        LockedByAdministrator = AccountLock.IsLockedByAdministrator(EditedUser, now);
        Form = new AccountForm(Input, await _accounts.ChoicesAsync(EditedUser, cancellationToken), Errors);
    }
}
