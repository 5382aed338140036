using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Admin.Users;

/// <summary>
/// The rules the create and edit pages share: which directory entry each role needs, the select lists, Identity's
/// errors put next to the fields, the audit entry, and <see cref="Deputy.UserName"/> kept in step with the login.
/// </summary>
public sealed class UserAccounts(AppDbContext db, UserManager<AppUser> users)
{
    /// <summary><see cref="AppUser.DisplayName"/>'s column width.</summary>
    public const int DisplayNameMaxLength = 100;

    public const int EmailMaxLength = 256;

    /// <summary>
    /// Checks the fields and the directory id the role needs; null with messages in <paramref name="errors"/> when any is
    /// wrong. An inactive unit or deputy can only stay where it already is (<paramref name="existing"/>), not be chosen anew.
    /// </summary>
    public async Task<Account?> ReadAsync(AccountInput input, AppUser? existing, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var displayName = input.DisplayName?.Trim() ?? "";
        if (displayName.Length == 0)
        {
            errors.TryAdd(AccountFields.DisplayName, "请填写姓名。");
        }
        else if (displayName.Length > DisplayNameMaxLength)
        {
            errors.TryAdd(AccountFields.DisplayName, $"姓名不超过 {DisplayNameMaxLength} 字。");
        }
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        // Identity checks the e-mail only when it must be unique (it need not here), so the format is checked here.
        if (email is not null && (email.Length > EmailMaxLength || !new EmailAddressAttribute().IsValid(email)))
        {
            errors.TryAdd(AccountFields.Email, "电子邮箱格式不正确。");
        }
        var role = input.Role;
        if (role is null || !Roles.All.Contains(role))
        {
            errors.TryAdd(AccountFields.Role, "请选择角色。");
            return null;
        }

        string? unitId = null, committeeId = null, leaderId = null;
        int? deputyId = null;
        switch (role)
        {
            case Roles.UnitHandler or Roles.UnitHead:
                unitId = await UnitAsync(input.UnitId, role, existing, errors, cancellationToken);
                break;
            case Roles.Deputy:
                deputyId = await DeputyAsync(input.DeputyId, existing, errors, cancellationToken);
                break;
            case Roles.Committee:
                committeeId = await CommitteeAsync(input.CommitteeId, errors, cancellationToken);
                break;
            case Roles.Leader:
                leaderId = await LeaderAsync(input.LeaderId, errors, cancellationToken);
                break;
        }
        return errors.Count == 0 ? new Account(displayName, email, role, unitId, deputyId, committeeId, leaderId) : null;
    }

    private async Task<string?> UnitAsync(string? id, string role, AppUser? existing, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            // Without a unit the user would belong to no unit's group and see no tasks.
            errors.TryAdd(AccountFields.UnitId, $"{Roles.Label(role)}必须选择所属承办单位。");
            return null;
        }
        var unit = await db.Set<HandlingUnit>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null || (!unit.IsActive && existing?.UnitId != id))
        {
            errors.TryAdd(AccountFields.UnitId, "所选承办单位不存在或已停用。");
            return null;
        }
        return unit.Id;
    }

    private async Task<int?> DeputyAsync(string? text, AppUser? existing, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.TryAdd(AccountFields.DeputyId, "代表账号必须选择对应的代表。");
            return null;
        }
        var deputy = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.Set<Deputy>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken)
            : null;
        if (deputy is null || (!deputy.IsActive && existing?.DeputyId != id))
        {
            errors.TryAdd(AccountFields.DeputyId, "所选代表不存在或已不在任。");
            return null;
        }
        return deputy.Id;
    }

    private async Task<string?> CommitteeAsync(string? id, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.TryAdd(AccountFields.CommitteeId, "专委会委员必须选择所属专委会。");
            return null;
        }
        if (!await db.Set<Committee>().AnyAsync(c => c.Id == id, cancellationToken))
        {
            errors.TryAdd(AccountFields.CommitteeId, "所选专委会不存在。");
            return null;
        }
        return id;
    }

    /// <summary>Optional: a leader without a directory entry still sees the leaders' group tasks, not one leader's own.</summary>
    private async Task<string?> LeaderAsync(string? id, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        if (!await db.Set<Leader>().AnyAsync(l => l.Id == id, cancellationToken))
        {
            errors.TryAdd(AccountFields.LeaderId, "所选领导不存在。");
            return null;
        }
        return id;
    }

    /// <summary>Identity's user rules (user name characters, duplicate name) for a user not yet saved.</summary>
    public async Task CheckUserAsync(AppUser user, Dictionary<string, string> errors)
    {
        foreach (var validator in users.UserValidators)
        {
            AddIdentityErrors(errors, (await validator.ValidateAsync(users, user)).Errors, AccountFields.Password);
        }
    }

    /// <summary>The password rules configured in <see cref="AuthSetup"/>, in words, for the hint under a password field.</summary>
    public string PasswordHint
    {
        get
        {
            var rules = users.Options.Password;
            var kinds = new List<string>();
            if (rules.RequireUppercase)
            {
                kinds.Add("大写字母");
            }
            if (rules.RequireLowercase)
            {
                kinds.Add("小写字母");
            }
            if (rules.RequireDigit)
            {
                kinds.Add("数字");
            }
            if (rules.RequireNonAlphanumeric)
            {
                kinds.Add("符号");
            }
            return string.Create(CultureInfo.InvariantCulture, $"至少 {rules.RequiredLength} 位")
                + (kinds.Count == 0 ? "。" : $"，须含{string.Join("、", kinds)}。");
        }
    }

    /// <summary>Identity's password rules (<see cref="AuthSetup"/>), all messages at once under <paramref name="field"/>.</summary>
    public async Task CheckPasswordAsync(AppUser user, string? password, string field, Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(password))
        {
            errors.TryAdd(field, "请填写密码。");
            return;
        }
        var messages = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            messages.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
        }
        if (messages.Count > 0)
        {
            errors.TryAdd(field, string.Join(" ", messages));
        }
    }

    /// <summary>Puts each Identity error next to the field it is about; the rest under the role (the form's last word).</summary>
    public static void AddIdentityErrors(Dictionary<string, string> errors, IEnumerable<IdentityError> identityErrors, string passwordField)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(identityErrors);
        foreach (var error in identityErrors)
        {
            var field = error.Code switch
            {
                nameof(IdentityErrorDescriber.InvalidUserName) or nameof(IdentityErrorDescriber.DuplicateUserName) => AccountFields.UserName,
                nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.DuplicateEmail) => AccountFields.Email,
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                _ => AccountFields.Role,
            };
            errors[field] = errors.TryGetValue(field, out var earlier) ? earlier + " " + error.Description : error.Description;
        }
    }

    /// <summary>
    /// Keeps <see cref="Deputy.UserName"/> (how notifications find a deputy who holds a task) pointing at this login:
    /// set on the deputy the user now stands for when it has no login yet, cleared wherever it names this user otherwise.
    /// </summary>
    public async Task LinkDeputyAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stale = await db.Set<Deputy>().Where(d => d.UserName == user.UserName && d.Id != user.DeputyId).ToListAsync(cancellationToken);
        foreach (var deputy in stale)
        {
            deputy.UserName = null;
        }
        if (user.DeputyId is { } id && await db.Set<Deputy>().SingleOrDefaultAsync(d => d.Id == id, cancellationToken) is { UserName: null } linked)
        {
            linked.UserName = user.UserName;
        }
    }

    /// <summary>
    /// Runs the Identity calls of one change and its audit entry as one commit: Identity saves after each call, so without
    /// the transaction a failure half-way (say, the role after the user) would leave half a change behind.
    /// </summary>
    public async Task<IdentityResult> CommitAsync(Func<Task<IdentityResult>> change, string actor, string action, string details, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await change();
        if (!result.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        AuditTrail.Add(db, actor, action, null, details, nowUtc);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Active units, deputies, committees and leaders by name, plus the inactive ones <paramref name="existing"/> is tied to.</summary>
    public async Task<DirectoryChoices> ChoicesAsync(AppUser? existing, CancellationToken cancellationToken)
    {
        var unitId = existing?.UnitId;
        var deputyId = existing?.DeputyId;
        var units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.IsActive || u.Id == unitId).ToListAsync(cancellationToken);
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => d.IsActive || d.Id == deputyId).ToListAsync(cancellationToken);
        var committees = await db.Set<Committee>().AsNoTracking().ToListAsync(cancellationToken);
        var leaders = await db.Set<Leader>().AsNoTracking().ToListAsync(cancellationToken);
        var chinese = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), ignoreCase: false);
        return new DirectoryChoices(
            [.. units.OrderBy(u => u.Name, chinese).Select(u => new Choice(u.Id, u.IsActive ? u.Name : $"{u.Name}（已停用）"))],
            [.. deputies.OrderBy(d => d.Name, chinese).Select(d => new Choice(
                d.Id.ToString(CultureInfo.InvariantCulture), $"{d.Name}（{d.Delegation}{(d.IsActive ? "" : "，已不在任")}）"))],
            [.. committees.OrderBy(c => c.Name, chinese).Select(c => new Choice(c.Id, c.Name))],
            [.. leaders.OrderBy(l => l.Name, chinese).Select(l => new Choice(l.Id, $"{l.Name}（{l.Title}）"))]);
    }
}
