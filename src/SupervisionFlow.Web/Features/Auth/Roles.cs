namespace SupervisionFlow.Web.Features.Auth;

/// <summary>
/// The roles a user may hold (stored as Identity roles). A user normally holds one; the directory ids that go with it
/// (<see cref="AppUser.UnitId"/>, <see cref="AppUser.DeputyId"/> …) decide which tasks and suggestions the user reaches.
/// </summary>
public static class Roles
{
    /// <summary>系统管理员: designer, jobs, users; also acts as office staff.</summary>
    public const string Admin = "admin";

    /// <summary>联工委 (deputy-work office) staff.</summary>
    public const string Office = "office";

    /// <summary>承办单位经办人.</summary>
    public const string UnitHandler = "unit-handler";

    /// <summary>承办单位负责人 (signs replies).</summary>
    public const string UnitHead = "unit-head";

    /// <summary>人大代表.</summary>
    public const string Deputy = "deputy";

    /// <summary>专委会委员.</summary>
    public const string Committee = "committee";

    /// <summary>领导 (主任会议成员 or a leader of key suggestions).</summary>
    public const string Leader = "leader";

    public static IReadOnlyList<string> All { get; } = [Admin, Office, UnitHandler, UnitHead, Deputy, Committee, Leader];

    /// <summary>The Chinese name shown to users.</summary>
    public static string Label(string role) => role switch
    {
        Admin => "系统管理员",
        Office => "联工委",
        UnitHandler => "承办单位经办人",
        UnitHead => "单位负责人",
        Deputy => "代表",
        Committee => "专委会委员",
        Leader => "领导",
        _ => role,
    };
}

/// <summary>
/// Authorization policy names. Protect a page with <c>[Authorize(Policy = Policies.Office)]</c> on its PageModel; every
/// policy uses the cookie scheme (the default), so a signed-out visitor is sent to <c>/Auth/Login</c> and a signed-in
/// user without the role to <c>/Auth/AccessDenied</c> (403 for <c>/api</c> paths).
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>admin.</summary>
    public const string Admin = "Admin";

    /// <summary>office or admin.</summary>
    public const string Office = "Office";

    /// <summary>office, admin or leader (dashboard, statistics).</summary>
    public const string OfficeOrLeader = "OfficeOrLeader";

    /// <summary>deputy (the portal).</summary>
    public const string Deputy = "Deputy";
}
