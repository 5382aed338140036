using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Admin.Users;

/// <summary>新建用户: user name, initial password chosen by the administrator, one role and the directory entry it needs.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class CreateModel(AppDbContext db, UserManager<AppUser> users, CurrentActor current, TimeProvider clock) : PageModel
{
    public const string CreatedAction = "user.created";

    /// <summary>Short enough for the audit trail's actor column and <c>deputies.UserName</c>.</summary>
    public const int UserNameMaxLength = 50;

    private readonly UserAccounts _accounts = new(db, users);

    [BindProperty]
    public string? UserName { get; set; }

    /// <summary>Never echoed back into the page.</summary>
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public AccountInput Input { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public AccountForm Form { get; private set; } = null!;

    public string PasswordHint => _accounts.PasswordHint;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var userName = UserName?.Trim() ?? "";
        if (userName.Length == 0)
        {
            Errors.TryAdd(AccountFields.UserName, "请填写用户名。");
        }
        else if (userName.Length > UserNameMaxLength)
        {
            Errors.TryAdd(AccountFields.UserName, $"用户名不超过 {UserNameMaxLength} 个字符。");
        }
        var account = await _accounts.ReadAsync(Input, null, Errors, cancellationToken);
        var user = new AppUser { UserName = userName };
        account?.ApplyTo(user);
        if (userName.Length > 0)
        {
            await _accounts.CheckUserAsync(user, Errors);
        }
        await _accounts.CheckPasswordAsync(user, Password, AccountFields.Password, Errors);
        if (account is null || Errors.Count > 0)
        {
            return await InvalidAsync(cancellationToken);
        }

        var result = await _accounts.CommitAsync(async () =>
        {
            var created = await users.CreateAsync(user, Password!);
            if (!created.Succeeded)
            {
                return created;
            }
            var inRole = await users.AddToRoleAsync(user, account.Role);
            if (inRole.Succeeded)
            {
                await _accounts.LinkDeputyAsync(user, cancellationToken);
            }
            return inRole;
        }, current.UserName, CreatedAction, $"{userName}：{account.Describe()}", clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (!result.Succeeded)
        {
            UserAccounts.AddIdentityErrors(Errors, result.Errors, AccountFields.Password);
            return await InvalidAsync(cancellationToken);
        }
        TempData[nameof(IndexModel.Message)] = $"已创建用户 {userName}（{Roles.Label(account.Role)}）。";
        return RedirectToPage("/Admin/Users/Index", new { q = userName });
    }

    private async Task<IActionResult> InvalidAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Form = new AccountForm(Input, await _accounts.ChoicesAsync(null, cancellationToken), Errors);
}
