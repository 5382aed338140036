using System.Globalization;

namespace SupervisionFlow.Bench;

/// <summary>
/// Sizes of the runs; the defaults are what issues #2 and #17 ask for. <c>--rows=N --instances=N --timers=N
/// --hangfire-timers=N</c> override them, <c>--batch=N</c> sets <see cref="Engine.EngineOptions.TimerBatchSize"/>
/// (default: the engine's), <c>--expressions=N</c> the evaluations per Jint version, <c>--only-expressions</c> skips
/// the database runs. <c>--quick</c> picks sizes that finish in well under three minutes (later arguments still
/// override them); <c>--synchronous=normal|full</c> the SQLite synchronous mode (default FULL, the host's).
/// </summary>
internal sealed record BenchSettings(
    int Rows = 2_000, int Instances = 100, int Timers = 10_000, int? TimerBatchSize = null, int Expressions = 20_000,
    bool OnlyExpressions = false, int HangfireTimers = 2_000, string Synchronous = BenchSettings.HostSynchronous)
{
    /// <summary>The host sets no <c>PRAGMA synchronous</c>: SQLite's default, FULL (checked in SupervisionFlow.Web/Data).</summary>
    public const string HostSynchronous = "FULL";

    private const string Usage =
        "Use --quick, --rows=N, --instances=N, --timers=N, --hangfire-timers=N, --batch=N, --expressions=N, --only-expressions, --synchronous=normal|full.";

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        foreach (var arg in args)
        {
            if (arg == "--only-expressions")
            {
                settings = settings with { OnlyExpressions = true };
                continue;
            }
            if (arg == "--quick")
            {
                settings = settings with { Rows = 500, Instances = 100, Timers = 2_000, HangfireTimers = 500, Expressions = 5_000 };
                continue;
            }
            if (arg.StartsWith("--synchronous=", StringComparison.Ordinal))
            {
                settings = settings with
                {
                    Synchronous = arg["--synchronous=".Length..].ToUpperInvariant() switch
                    {
                        "NORMAL" => "NORMAL",
                        "FULL" => "FULL",
                        _ => throw new ArgumentException($"Unknown argument '{arg}'. {Usage}"),
                    },
                };
                continue;
            }
            var parts = arg.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"Unknown argument '{arg}'. {Usage}");
            }
            settings = parts[0] switch
            {
                "--rows" => settings with { Rows = value },
                "--instances" => settings with { Instances = value },
                "--timers" => settings with { Timers = value },
                "--hangfire-timers" => settings with { HangfireTimers = value },
                "--batch" => settings with { TimerBatchSize = value },
                "--expressions" => settings with { Expressions = value },
                _ => throw new ArgumentException($"Unknown argument '{arg}'. {Usage}"),
            };
        }
        return settings;
    }
}
