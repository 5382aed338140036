namespace SupervisionFlow.Web.EngineHost;

/// <summary>Section <c>Engine:Clock</c>: the clock every engine deadline is measured on.</summary>
public sealed class ClockOptions
{
    public const string Section = "Engine:Clock";

    /// <summary><see cref="ClockMode.System"/> (real time) or <see cref="ClockMode.Manual"/> (moved through the API; never in Production).</summary>
    public ClockMode Mode { get; set; } = ClockMode.System;

    /// <summary>Where a manual clock starts (ISO 8601); empty means the real time at start-up.</summary>
    public string? Start { get; set; }

    public bool IsManual => Mode == ClockMode.Manual;
}

public enum ClockMode
{
    System,
    Manual,
}
