using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Domain.Statistics;

/// <summary><c>Statistics</c> section: how long the dashboard may show a report it built before building it again.</summary>
public sealed class StatisticsCacheOptions
{
    public const string Section = "Statistics";

    /// <summary>
    /// Seconds a report stays cached (0 turns the cache off). A change saved on this node drops it at once; this bounds
    /// how stale it can be after changes it cannot see (another node's, bulk SQL).
    /// </summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 30;
}
