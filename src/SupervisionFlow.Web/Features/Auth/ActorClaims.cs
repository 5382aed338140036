using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Handling;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>
/// Claim types written into the sign-in cookie: the user's display name, candidate groups and directory ids, so a
/// request knows who acts without a database read.
/// </summary>
public static class ActorClaims
{
    public const string DisplayName = "sf:name";
    public const string Group = "sf:group";
    public const string UnitId = "sf:unit";
    public const string DeputyId = "sf:deputy";
    public const string CommitteeId = "sf:committee";
    public const string LeaderId = "sf:leader";

    /// <summary>The candidate groups of a user with these roles (the names tasks are offered to, see <see cref="Actor"/>).</summary>
    public static IReadOnlySet<string> GroupsFor(AppUser user, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        var groups = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            switch (role)
            {
                case Roles.Admin:
                    // Administrators can stand in for the office (e.g. when a step is stuck).
                    groups.Add(Actor.AdminGroup);
                    groups.Add(Actor.OfficeGroup);
                    break;
                case Roles.Office:
                    groups.Add(Actor.OfficeGroup);
                    break;
                case Roles.UnitHandler when user.UnitId is { Length: > 0 } unit:
                    groups.Add(Actor.UnitGroup(unit));
                    break;
                case Roles.UnitHead when user.UnitId is { Length: > 0 } unit:
                    // The head also does what the unit's handlers do.
                    groups.Add(Actor.UnitHeadGroup(unit));
                    groups.Add(Actor.UnitGroup(unit));
                    break;
                case Roles.Deputy when user.DeputyId is { } deputy:
                    groups.Add(Actor.DeputyGroup(deputy));
                    break;
                case Roles.Committee when user.CommitteeId is { Length: > 0 } committee:
                    groups.Add(Actor.CommitteeGroup(committee));
                    break;
                case Roles.Leader:
                    groups.Add(Actor.LeadersGroup);
                    if (user.LeaderId is { Length: > 0 } leader)
                    {
                        groups.Add(Actor.LeaderGroup(leader));
                    }
                    break;
            }
        }
        return groups;
    }
}

/// <summary>Adds the <see cref="ActorClaims"/> to the principal Identity builds at sign-in (and on security-stamp refresh).</summary>
public sealed class AppUserClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        var roleNames = identity.FindAll(Options.ClaimsIdentity.RoleClaimType).Select(c => c.Value).ToList();
        identity.AddClaim(new Claim(ActorClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        foreach (var group in ActorClaims.GroupsFor(user, roleNames))
        {
            identity.AddClaim(new Claim(ActorClaims.Group, group));
        }
        AddIf(identity, ActorClaims.UnitId, user.UnitId);
        AddIf(identity, ActorClaims.DeputyId, user.DeputyId?.ToString(CultureInfo.InvariantCulture));
        AddIf(identity, ActorClaims.CommitteeId, user.CommitteeId);
        AddIf(identity, ActorClaims.LeaderId, user.LeaderId);
        return identity;
    }

    private static void AddIf(ClaimsIdentity identity, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            identity.AddClaim(new Claim(type, value));
        }
    }
}
