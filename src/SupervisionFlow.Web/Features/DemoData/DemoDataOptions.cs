using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Features.DemoData;

/// <summary>Section <c>DemoData</c>: a demonstration session seeded into an empty database at start-up.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    /// <summary>Seed when the database has no deputy yet. Turn off for production data.</summary>
    public bool Enabled { get; set; } = true;

    [Range(5, 5000)]
    public int Deputies { get; set; } = 120;

    [Range(1, 10000)]
    public int Suggestions { get; set; } = 150;

    /// <summary>Handling units in the directory: the city's 40, then district branches of them (a national session: ~212).</summary>
    [Range(40, 440)]
    public int Units { get; set; } = 40;

    /// <summary>
    /// When the engine runs on a manual clock: the first day of the simulated congress session (e.g. 2025-01-06).
    /// The seeder moves the clock from there through review, the 交办会 and handling. Empty: start at the clock's now.
    /// </summary>
    public DateOnly? SessionStart { get; set; }
}
