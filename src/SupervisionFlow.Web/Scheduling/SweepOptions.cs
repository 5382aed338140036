using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Scheduling;

/// <summary>Section <c>Engine:Sweep</c>: how often due timers and service-task retries are fired.</summary>
public sealed class SweepOptions
{
    public const string Section = "Engine:Sweep";

    /// <summary>False leaves firing to <c>POST /api/engine/timers/fire-due</c> (tests, demonstrations).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 5;
}
