using System.Globalization;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Admin.Users;

/// <summary>The account fields of the create and edit forms, as posted: read by <see cref="UserAccounts.ReadAsync"/>, never by the model binder's rules.</summary>
public sealed class AccountInput
{
    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Role { get; set; }

    public string? UnitId { get; set; }

    public string? DeputyId { get; set; }

    public string? CommitteeId { get; set; }

    public string? LeaderId { get; set; }

    public static AccountInput From(AppUser user, string? role)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new()
        {
            DisplayName = user.DisplayName, Email = user.Email, Role = role, UnitId = user.UnitId,
            DeputyId = user.DeputyId?.ToString(CultureInfo.InvariantCulture), CommitteeId = user.CommitteeId, LeaderId = user.LeaderId,
        };
    }
}

/// <summary>
/// A checked account: one role and only the directory id that role uses (a unit for unit roles, a deputy for a
/// deputy …), every other id empty, so no stale id keeps a candidate group after a role change.
/// </summary>
public sealed record Account(string DisplayName, string? Email, string Role, string? UnitId, int? DeputyId, string? CommitteeId, string? LeaderId)
{
    public void ApplyTo(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.DisplayName = DisplayName;
        user.Email = Email;
        user.UnitId = UnitId;
        user.DeputyId = DeputyId;
        user.CommitteeId = CommitteeId;
        user.LeaderId = LeaderId;
    }

    /// <summary>Whether the ids that decide what the user reaches differ from the user's.</summary>
    public bool TiesDifferFrom(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return UnitId != user.UnitId || DeputyId != user.DeputyId || CommitteeId != user.CommitteeId || LeaderId != user.LeaderId;
    }

    /// <summary>For the audit trail: the role and the directory id, e.g. <c>承办单位经办人，单位 jtj</c>.</summary>
    public string Describe() =>
        Roles.Label(Role)
        + (UnitId is null ? "" : $"，单位 {UnitId}")
        + (DeputyId is null ? "" : string.Create(CultureInfo.InvariantCulture, $"，代表 {DeputyId}"))
        + (CommitteeId is null ? "" : $"，专委会 {CommitteeId}")
        + (LeaderId is null ? "" : $"，领导 {LeaderId}");
}

public sealed record Choice(string Value, string Label);

/// <summary>The select lists of the form: directory entries by name.</summary>
public sealed record DirectoryChoices(IReadOnlyList<Choice> Units, IReadOnlyList<Choice> Deputies, IReadOnlyList<Choice> Committees, IReadOnlyList<Choice> Leaders);

/// <summary>What <c>_AccountFields</c> renders: the posted values, the choices and the messages by field.</summary>
public sealed record AccountForm(AccountInput Input, DirectoryChoices Choices, IReadOnlyDictionary<string, string> Errors);

/// <summary>The form fields' keys in <c>Errors</c>.</summary>
public static class AccountFields
{
    public const string UserName = "userName";
    public const string Password = "password";
    public const string DisplayName = "displayName";
    public const string Email = "email";
    public const string Role = "role";
    public const string UnitId = "unitId";
    public const string DeputyId = "deputyId";
    public const string CommitteeId = "committeeId";
    public const string LeaderId = "leaderId";
}
