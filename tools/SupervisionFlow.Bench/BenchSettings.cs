using System.Globalization;

namespace SupervisionFlow.Bench;

/// <summary>
/// Sizes of the runs; the defaults are what issue #2 (and #17 for the Hangfire run) ask for. <c>--rows=N --instances=N
/// --timers=N --hangfire-timers=N</c> override them, <c>--batch=N</c> sets <see cref="Engine.EngineOptions.TimerBatchSize"/> (default: the engine's).
/// </summary>
internal sealed record BenchSettings(int Rows = 2_000, int Instances = 100, int Timers = 10_000, int? TimerBatchSize = null, int HangfireTimers = 2_000)
{
    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"Unknown argument '{arg}'. Use --rows=N, --instances=N, --timers=N, --hangfire-timers=N, --batch=N.");
            }
            settings = parts[0] switch
            {
                "--rows" => settings with { Rows = value },
                "--instances" => settings with { Instances = value },
                "--timers" => settings with { Timers = value },
                "--batch" => settings with { TimerBatchSize = value },
                "--hangfire-timers" => settings with { HangfireTimers = value },
                _ => throw new ArgumentException($"Unknown argument '{arg}'. Use --rows=N, --instances=N, --timers=N, --hangfire-timers=N, --batch=N."),
            };
        }
        return settings;
    }
}
