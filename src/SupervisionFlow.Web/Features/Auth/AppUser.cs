using Microsoft.AspNetCore.Identity;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>A person who signs in. The directory ids tie the user to the unit, deputy, committee or leader they act for.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The handling unit (<c>handling_units.Id</c>) of a unit handler or head.</summary>
    public string? UnitId { get; set; }

    /// <summary>The deputy (<c>deputies.Id</c>) this login belongs to.</summary>
    public int? DeputyId { get; set; }

    /// <summary>The special committee (<c>committees.Id</c>) of a committee member.</summary>
    public string? CommitteeId { get; set; }

    /// <summary>The leader (<c>leaders.Id</c>) this login belongs to.</summary>
    public string? LeaderId { get; set; }
}
