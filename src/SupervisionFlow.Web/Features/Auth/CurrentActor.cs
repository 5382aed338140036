using System.Globalization;
using System.Security.Claims;
using SupervisionFlow.Web.Domain.Handling;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>
/// The signed-in user of this request as the domain's <see cref="Domain.Handling.Actor"/> (scoped; read from the cookie's
/// claims, no database access). In a page: <c>@inject CurrentActor Current</c>; in a PageModel or service: constructor
/// injection. <see cref="Actor"/> throws for an anonymous request, so only use it behind <c>[Authorize]</c>.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor http)
{
    private Actor? _actor;

    public ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public bool IsSignedIn => User.Identity?.IsAuthenticated == true && User.Identity.AuthenticationType != Features.EngineApi.ApiKeyAuthenticationHandler.SchemeName;

    public string UserName => User.Identity?.Name ?? "";

    public string DisplayName => User.FindFirstValue(ActorClaims.DisplayName) ?? UserName;

    public Actor Actor => _actor ??= IsSignedIn
        ? new Actor(UserName, DisplayName, User.FindAll(ActorClaims.Group).Select(c => c.Value).ToHashSet(StringComparer.Ordinal))
        : throw new InvalidOperationException("No user is signed in: protect the page with [Authorize].");

    public IReadOnlySet<string> Groups => IsSignedIn ? Actor.Groups : new HashSet<string>();

    public bool IsInRole(string role) => User.IsInRole(role);

    public bool IsAdmin => IsInRole(Roles.Admin);

    /// <summary>Office staff or an administrator.</summary>
    public bool IsOffice => IsInRole(Roles.Office) || IsAdmin;

    public bool IsLeader => IsInRole(Roles.Leader);

    public bool IsUnitUser => IsInRole(Roles.UnitHandler) || IsInRole(Roles.UnitHead);

    public bool IsDeputy => IsInRole(Roles.Deputy);

    public bool IsCommittee => IsInRole(Roles.Committee);

    public string? UnitId => User.FindFirstValue(ActorClaims.UnitId);

    public int? DeputyId => int.TryParse(User.FindFirstValue(ActorClaims.DeputyId), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    public string? CommitteeId => User.FindFirstValue(ActorClaims.CommitteeId);

    public string? LeaderId => User.FindFirstValue(ActorClaims.LeaderId);

    /// <summary>The Chinese names of the user's roles, for the header.</summary>
    public string RoleLabels => string.Join("、", Roles.All.Where(IsInRole).Select(Roles.Label));
}
