using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Admin.Users;

/// <summary>用户管理 (admin): every account with its roles, what it is tied to by name, and whether it is locked.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(AppDbContext db, IOptions<ListOptions> lists) : PageModel
{
    /// <summary>Accounts per page (Lists:UsersPageSize).</summary>
    public int PageSize => lists.Value.UsersPageSize;

    public sealed record UserRow(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? TiedTo, bool Locked, bool LockedByAdministrator);

    /// <summary>Part of the user name or the display name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    /// <summary>Keyset position: the user name the page continues after.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Keyset position: the user name the page ends before.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Last { get; set; }

    public KeysetPager Pages { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var roleIds = await db.Set<IdentityRole>().AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name ?? "", cancellationToken);
        var query = db.Set<AppUser>().AsNoTracking();
        var term = Q?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            // The normalized name is upper case, so the user name matches whatever the case typed.
            var upper = term.ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(term));
        }
        if (Roles.All.Contains(Role ?? ""))
        {
            var roleId = roleIds.FirstOrDefault(r => r.Value == Role).Key;
            query = query.Where(u => db.Set<IdentityUserRole<string>>().Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }
        else
        {
            Role = null;
        }
        // Keyset pages by user name (unique): a deep page costs what the first does.
        var total = await query.CountAsync(cancellationToken);
        var page = query;
        var backwards = false;
        var take = PageSize;
        if (!string.IsNullOrEmpty(After))
        {
            var after = After;
            page = page.Where(u => string.Compare(u.UserName, after) > 0);
        }
        else if (!string.IsNullOrEmpty(Before))
        {
            var before = Before;
            page = page.Where(u => string.Compare(u.UserName, before) < 0);
            backwards = true;
        }
        else if (Last && total > PageSize)
        {
            backwards = true;
            take = total % PageSize == 0 ? PageSize : total % PageSize;
        }
        var users = await (backwards ? page.OrderByDescending(u => u.UserName) : page.OrderBy(u => u.UserName)).Take(take).ToListAsync(cancellationToken);
        if (backwards)
        {
            users.Reverse();
        }
        var firstName = users.FirstOrDefault()?.UserName;
        var rowsBefore = firstName is null ? 0 : await query.CountAsync(u => string.Compare(u.UserName, firstName) < 0, cancellationToken);
        Pages = new KeysetPager("/Admin/Users", total, PageSize, rowsBefore,
            rowsBefore > 0 ? firstName : null, rowsBefore + users.Count < total ? users[^1].UserName : null,
            new Dictionary<string, string?> { ["q"] = Q, ["role"] = Role });

        var ids = users.Select(u => u.Id).ToList();
        var userRoles = (await db.Set<IdentityUserRole<string>>().AsNoTracking().Where(ur => ids.Contains(ur.UserId)).ToListAsync(cancellationToken))
            .ToLookup(ur => ur.UserId, ur => roleIds.GetValueOrDefault(ur.RoleId, ""));
        var names = await DirectoryNamesAsync(cancellationToken);
        var now = TimeProvider.System.GetUtcNow();
        Users = [.. users.Select(u => new UserRow(
            u.Id, u.UserName ?? "", u.DisplayName,
            [.. Roles.All.Where(r => userRoles[u.Id].Contains(r))],
            names.TiedTo(u),
            AccountLock.IsLocked(u, now), AccountLock.IsLockedByAdministrator(u, now)))];
    }

    private async Task<DirectoryNames> DirectoryNamesAsync(CancellationToken cancellationToken) => new(
        await UnitNames.AllAsync(db, cancellationToken),
        await db.Set<Deputy>().AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken),
        await db.Set<Committee>().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
        await db.Set<Leader>().AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken));

    /// <summary>Directory ids → names; an id no longer in the directory shows as itself.</summary>
    private sealed record DirectoryNames(
        Dictionary<string, string> Units, Dictionary<int, string> Deputies, Dictionary<string, string> Committees, Dictionary<string, string> Leaders)
    {
        public string? TiedTo(AppUser user)
        {
            var parts = new List<string>();
            if (user.UnitId is { } unit)
            {
                parts.Add("承办单位：" + Units.GetValueOrDefault(unit, unit));
            }
            if (user.DeputyId is { } deputy)
            {
                parts.Add("代表：" + Deputies.GetValueOrDefault(deputy, deputy.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            if (user.CommitteeId is { } committee)
            {
                parts.Add("专委会：" + Committees.GetValueOrDefault(committee, committee));
            }
            if (user.LeaderId is { } leader)
            {
                parts.Add("领导：" + Leaders.GetValueOrDefault(leader, leader));
            }
            return parts.Count == 0 ? null : string.Join("；", parts);
        }
    }
}
