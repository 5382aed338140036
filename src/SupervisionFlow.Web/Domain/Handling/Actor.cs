namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>
/// Who acts: a user name and the candidate groups the user belongs to (<c>office</c>, <c>unit:jtj</c>,
/// <c>unitHead:jtj</c>, <c>deputy:12</c>, <c>committee:cjw</c>, <c>leader:wang</c>, <c>leaders</c>, <c>admin</c>).
/// Tasks are offered to groups, so the same names decide what a user may see and do.
/// </summary>
public sealed record Actor(string UserName, string DisplayName, IReadOnlySet<string> Groups)
{
    public const string OfficeGroup = "office";
    public const string LeadersGroup = "leaders";
    public const string AdminGroup = "admin";

    /// <summary>The system itself (service tasks, scheduled jobs).</summary>
    public static Actor System { get; } = new("system", "系统", new HashSet<string> { "system" });

    public bool IsOffice => Groups.Contains(OfficeGroup);

    public bool IsAdmin => Groups.Contains(AdminGroup);

    public bool InGroup(string group) => Groups.Contains(group);

    public static string UnitGroup(string unitId) => $"unit:{unitId}";

    public static string UnitHeadGroup(string unitId) => $"unitHead:{unitId}";

    public static string DeputyGroup(int deputyId) => $"deputy:{deputyId}";

    public static string CommitteeGroup(string committeeId) => $"committee:{committeeId}";

    public static string LeaderGroup(string leaderId) => $"leader:{leaderId}";

    /// <summary>The unit ids this actor works for (as handler or head).</summary>
    public IEnumerable<string> UnitIds =>
        Groups.Where(g => g.StartsWith("unit:", StringComparison.Ordinal) || g.StartsWith("unitHead:", StringComparison.Ordinal))
            .Select(g => g[(g.IndexOf(':', StringComparison.Ordinal) + 1)..])
            .Distinct();
}
