namespace SupervisionFlow.Bench;

/// <summary>
/// One timed run: how many items (rows, completions, timers) in how long, and the commits it took. <paramref name="Cpu"/>,
/// when measured, is the process's processor time over the same span: on a machine whose cores are shared it moves
/// far less with the neighbours' load than the wall-clock rate does.
/// </summary>
internal sealed record Measurement(string Label, int Count, TimeSpan Elapsed, long Commits, TimeSpan? Cpu = null)
{
    public double? CpuMillisecondsPerItem => Cpu is { } cpu ? cpu.TotalMilliseconds / Count : null;

    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double CommitsPerItem => (double)Commits / Count;

    /// <summary>This rate as a multiple of <paramref name="baseline"/>'s rate.</summary>
    public double RatioTo(Measurement baseline) => PerSecond / baseline.PerSecond;
}
