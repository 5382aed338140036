using System.Globalization;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Bench;

/// <summary>
/// Issue #10 asks for the engine's figures on PostgreSQL too: with <c>--postgres=CONN</c> the engine run repeats (a) raw
/// single-row commits (Npgsql, then EF Core), (b) completions through <c>ten-steps.bpmn</c> and (c) the timer sweep on a
/// fresh PostgreSQL database, with the same engine code and the same commit counter, and prints them as <c>pg_</c> keys
/// (the SQLite keys keep their names and stay the run's last lines). (d) expressions do not touch a database and (e) runs
/// the host's SQLite Hangfire storage, so neither is repeated. CPU is this process's only (EF Core, Npgsql, the engine):
/// the server's own work runs in its backends and is not in it.
/// </summary>
internal static class PostgresEngineBenchmark
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string server, BenchSettings settings, EngineOptions options)
    {
        await using var database = await BenchDatabase.CreatePostgresAsync(server);
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        using var engine = new ProcessEngine(database.CreateContext, clock, options: options);
        Console.WriteLine();
        Console.WriteLine($"database  PostgreSQL {database.PostgresVersion}, database {database.Path} (created for this run, dropped after), "
                          + $"fsync={database.PostgresFsync}, synchronous_commit={database.PostgresSynchronousCommit}, Npgsql pooled connections, a new DbContext each time");
        if (database.PostgresFsync == "off")
        {
            // Without fsync a commit never waits for the disk: every rate below is above what a durable server gives.
            Console.WriteLine("          fsync=off: commits are not flushed to disk on this server; the rates are an upper bound for a durable one");
        }

        Report.Progress("PostgreSQL (a) raw commits: Npgsql, then EF Core");
        var raw = await RawCommitBenchmark.RunPostgresAdoAsync(database, settings.Rows);
        var efRaw = await RawCommitBenchmark.RunEfCoreAsync(database, settings.Rows);

        Report.Progress($"PostgreSQL (b) starting {settings.Instances} ten-step instances and completing their tasks");
        var tasks = await TaskCompletionBenchmark.RunAsync(engine, database, settings.Instances, settings.Clients);

        Report.Progress($"PostgreSQL (c) a warm-up sweep, then three sweeps of {settings.Timers} instances waiting on a PT1H timer");
        var timers = await TimerSweepBenchmark.RunAsync(engine, clock, database, settings.Timers, keyPrefix: "pg_");

        Print(database, raw, efRaw, tasks, timers.Measurement);
    }

    private static void Print(BenchDatabase database, Measurement raw, Measurement efRaw, Measurement tasks, Measurement timers)
    {
        Console.WriteLine();
        foreach (var row in new[] { raw, efRaw, tasks, timers })
        {
            Console.WriteLine(string.Format(Invariant, "PostgreSQL {0}: {1} in {2:F2} s = {3:N0}/s, {4:F3} commits each{5}",
                row.Label, row.Count, row.Elapsed.TotalSeconds, row.PerSecond, row.CommitsPerItem,
                row.CpuMillisecondsPerItem is { } cpu ? string.Format(Invariant, ", {0:F3} ms CPU each (this process)", cpu) : ""));
        }
        Console.WriteLine(string.Format(Invariant, "pg_database=postgresql-{0} fsync={1} synchronous_commit={2}",
            database.PostgresVersion.Split(' ')[0], database.PostgresFsync, database.PostgresSynchronousCommit));
        Console.WriteLine(string.Format(Invariant, "pg_raw_commits_per_s={0:F0}", raw.PerSecond));
        Console.WriteLine(string.Format(Invariant, "pg_ef_raw_commits_per_s={0:F0}", efRaw.PerSecond));
        Console.WriteLine(string.Format(Invariant, "pg_completions_per_s={0:F0}", tasks.PerSecond));
        Console.WriteLine(string.Format(Invariant, "pg_completions_count={0}", tasks.Count));
        if (tasks.CpuMillisecondsPerItem is { } completionCpu)
        {
            Console.WriteLine(string.Format(Invariant, "pg_cpu_ms_per_completion={0:F3}", completionCpu));
        }
        Console.WriteLine(string.Format(Invariant, "pg_commits_per_completion={0:F3}", tasks.CommitsPerItem));
        Console.WriteLine(string.Format(Invariant, "pg_timers_per_s={0:F0}", timers.PerSecond));
        Console.WriteLine(string.Format(Invariant, "pg_timers_count={0}", timers.Count));
        Console.WriteLine(string.Format(Invariant, "pg_commits_per_timer={0:F4}", timers.CommitsPerItem));
    }
}
