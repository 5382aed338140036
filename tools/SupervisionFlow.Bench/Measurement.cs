namespace SupervisionFlow.Bench;

/// <summary>One timed run: how many items (rows, completions, timers) in how long, and the commits it took.</summary>
internal sealed record Measurement(string Label, int Count, TimeSpan Elapsed, long Commits)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double CommitsPerItem => (double)Commits / Count;

    /// <summary>This rate as a multiple of <paramref name="baseline"/>'s rate.</summary>
    public double RatioTo(Measurement baseline) => PerSecond / baseline.PerSecond;
}
