using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>Section <c>DemoUsers</c>.</summary>
public sealed class DemoUsersOptions
{
    public const string Section = "DemoUsers";

    /// <summary>
    /// One known password for every demo account (tests, browser tests). Ignored in Production, where each account
    /// gets a random password printed once to the log.
    /// </summary>
    public string? Password { get; set; }
}

/// <summary>
/// The accounts a demonstration needs: one per role, tied to the busiest unit and deputy of the demo data. Each gets a
/// random password written once to the log ("演示账号 …"); there is never a fixed default password.
/// </summary>
public sealed class DemoUsers(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, AppDbContext db, IOptions<DemoUsersOptions> options,
    IHostEnvironment environment, ILogger<DemoUsers> logger)
{
    public const string AdminUserName = "admin";

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)).ConfigureAwait(false), role);
            }
        }
    }

    /// <summary>Without any administrator nobody could sign in: create <c>admin</c> with a password logged once.</summary>
    public async Task EnsureAdminAsync()
    {
        if ((await users.GetUsersInRoleAsync(Roles.Admin).ConfigureAwait(false)).Count > 0)
        {
            return;
        }
        await CreateAsync(new AppUser { UserName = AdminUserName, DisplayName = "系统管理员" }, Roles.Admin, "初始管理员账号").ConfigureAwait(false);
    }

    /// <summary>Creates each missing demo account whose directory entry (unit, deputy …) exists.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var unit = await BusiestUnitAsync(cancellationToken).ConfigureAwait(false);
        var deputy = await BusiestDeputyAsync(cancellationToken).ConfigureAwait(false);
        var committee = await db.Set<Committee>().OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var leader = await db.Set<Leader>().OrderBy(l => l.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<(AppUser User, string Role)>
        {
            (new AppUser { UserName = AdminUserName, DisplayName = "系统管理员" }, Roles.Admin),
            (new AppUser { UserName = "lgw", DisplayName = "联工委 李主任" }, Roles.Office),
        };
        if (unit is not null)
        {
            accounts.Add((new AppUser { UserName = "handler", DisplayName = $"{unit.Name} 经办人", UnitId = unit.Id }, Roles.UnitHandler));
            accounts.Add((new AppUser { UserName = "head", DisplayName = unit.HeadName ?? $"{unit.Name} 负责人", UnitId = unit.Id }, Roles.UnitHead));
        }
        if (deputy is not null)
        {
            accounts.Add((new AppUser { UserName = "deputy", DisplayName = $"{deputy.Name} 代表", DeputyId = deputy.Id, Email = deputy.Email }, Roles.Deputy));
        }
        if (committee is not null)
        {
            accounts.Add((new AppUser { UserName = "committee", DisplayName = $"{committee.Name} 委员", CommitteeId = committee.Id }, Roles.Committee));
        }
        if (leader is not null)
        {
            accounts.Add((new AppUser { UserName = "leader", DisplayName = leader.Name, LeaderId = leader.Id }, Roles.Leader));
        }
        foreach (var (user, role) in accounts)
        {
            if (await users.FindByNameAsync(user.UserName!).ConfigureAwait(false) is null)
            {
                await CreateAsync(user, role).ConfigureAwait(false);
            }
        }
        if (deputy is not null && deputy.UserName is null)
        {
            // The portal finds a deputy's own record by login.
            deputy.UserName = "deputy";
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CreateAsync(AppUser user, string role, string kind = "演示账号")
    {
        var configured = environment.IsProduction() ? null : options.Value.Password;
        var password = string.IsNullOrEmpty(configured) ? RandomPassword() : configured;
        Check(await users.CreateAsync(user, password).ConfigureAwait(false), user.UserName!);
        Check(await users.AddToRoleAsync(user, role).ConfigureAwait(false), user.UserName!);
        if (string.IsNullOrEmpty(configured))
        {
            // Printed once: the hash is all that is stored.
            logger.LogWarning("{Kind} {UserName}（{Role}，{DisplayName}）密码：{Password}", kind, user.UserName, Roles.Label(role), user.DisplayName, password);
        }
        else
        {
            logger.LogInformation("{Kind} {UserName}（{Role}，{DisplayName}）使用配置的 DemoUsers:Password", kind, user.UserName, Roles.Label(role), user.DisplayName);
        }
    }

    private async Task<HandlingUnit?> BusiestUnitAsync(CancellationToken cancellationToken)
    {
        var busiest = await db.Set<SuggestionUnit>().Where(u => u.IsActive && u.Role != UnitRole.Co)
            .GroupBy(u => u.UnitId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<HandlingUnit>().Where(u => u.IsActive).OrderBy(u => u.Id != busiest).ThenBy(u => u.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Deputy?> BusiestDeputyAsync(CancellationToken cancellationToken)
    {
        var busiest = await db.Set<Suggestion>().GroupBy(s => s.LeadDeputyId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => (int?)g.Key).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<Deputy>().Where(d => d.IsActive).OrderBy(d => d.Id != busiest).ThenBy(d => d.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>14 characters with upper and lower case letters and digits, without look-alikes (0/O, 1/l/I).</summary>
    public static string RandomPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnpqrstuvwxyz";
        const string digits = "23456789";
        const string all = upper + lower + digits;
        var chars = new char[14];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
