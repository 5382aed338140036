using System.Globalization;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Bench;

/// <summary>
/// Sizes of the runs; the defaults are what issues #2 and #17 ask for (1,000 ten-step instances since issue #10: 10,000
/// completions, a steady state rather than the first thousand after start-up). <c>--rows=N --instances=N --timers=N
/// --hangfire-timers=N</c> override them, <c>--batch=N</c> sets <see cref="Engine.EngineOptions.TimerBatchSize"/>
/// (default: the engine's), <c>--expressions=N</c> the evaluations per Jint version, <c>--only-expressions</c> skips
/// the database runs. <c>--quick</c> picks sizes that finish in well under three minutes (later arguments still
/// override them); <c>--synchronous=normal|full</c> the SQLite synchronous mode (default NORMAL, the host's default);
/// <c>--wal-autocheckpoint=N</c> the pages per checkpoint (default the host's <c>Database:SqliteWalAutoCheckpointPages</c>);
/// <c>--pooled-contexts</c> leases the engine's contexts from a pool (the host makes a new one each time);
/// <c>--kept-connections=N</c> sets <see cref="Engine.EngineOptions.KeptCommandConnections"/> (0: a new context and EF
/// Core's save per command, as before it existed); <c>--clients=N</c> completes tasks from N concurrent callers;
/// <c>--postgres=CONN</c> repeats (a)–(c) on a fresh database on that PostgreSQL server (<see cref="PostgresEngineBenchmark"/>).
/// </summary>
internal sealed record BenchSettings(
    int Rows = 2_000, int Instances = 1_000, int Timers = 10_000, int? TimerBatchSize = null, int? SweepWorkers = null, int Expressions = 20_000,
    bool OnlyExpressions = false, int HangfireTimers = 2_000, SqliteSynchronous Synchronous = SqlitePragmas.DefaultSynchronous,
    int WalAutoCheckpointPages = SqlitePragmas.DefaultWalAutoCheckpointPages, bool PooledContexts = false, int? KeptConnections = null, int Clients = 1, string? Postgres = null)
{
    private const string Usage =
        "Use --quick, --rows=N, --instances=N, --timers=N, --hangfire-timers=N, --batch=N, --sweep-workers=N, --expressions=N, --only-expressions, --synchronous=normal|full, --wal-autocheckpoint=N, --pooled-contexts, --kept-connections=N, --clients=N, --postgres=CONN.";

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
            if (arg == "--pooled-contexts")
            {
                settings = settings with { PooledContexts = true };
                continue;
            }
            if (arg == "--quick")
            {
                settings = settings with { Rows = 500, Instances = 100, Timers = 2_000, HangfireTimers = 500, Expressions = 5_000 };
                continue;
            }
            if (arg.StartsWith("--postgres=", StringComparison.Ordinal))
            {
                settings = settings with { Postgres = arg["--postgres=".Length..] };
                continue;
            }
            if (arg.StartsWith("--synchronous=", StringComparison.Ordinal))
            {
                settings = settings with
                {
                    Synchronous = arg["--synchronous=".Length..].ToUpperInvariant() switch
                    {
                        "NORMAL" => SqliteSynchronous.Normal,
                        "FULL" => SqliteSynchronous.Full,
                        _ => throw new ArgumentException($"Unknown argument '{arg}'. {Usage}"),
                    },
                };
                continue;
            }
            if (arg.StartsWith("--kept-connections=", StringComparison.Ordinal)
                && int.TryParse(arg["--kept-connections=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var kept))
            {
                settings = settings with { KeptConnections = kept };
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
                "--sweep-workers" => settings with { SweepWorkers = value },
                "--expressions" => settings with { Expressions = value },
                "--clients" => settings with { Clients = value },
                "--wal-autocheckpoint" => settings with { WalAutoCheckpointPages = value },
                _ => throw new ArgumentException($"Unknown argument '{arg}'. {Usage}"),
            };
        }
        return settings;
    }
}
