using System.Diagnostics;
using Hangfire;
using Hangfire.Server;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Bench;

/// <summary>
/// (e) The due-timer sweep as the host runs it under Hangfire: instances of <c>Processes/one-hour-timer.bpmn</c>
/// wait on a PT1H timer, the manual clock moves two hours on, then a Hangfire server starts on Hangfire.Storage.SQLite
/// (its own file beside the database, as in the host) with the host's <see cref="DueJobSweep"/> loop at the host's
/// default interval. Timed from the server's start to the moment the last instance has completed, so Hangfire's
/// start-up is inside the figure. Comparable with the peers' <c>hangfire_delayed_firings_per_s_sqlite</c> (one Hangfire
/// delayed job per deadline) and <c>quartz_oneoff_firings_per_s_default</c> (one Quartz trigger per deadline).
/// </summary>
internal static class HangfireSweepBenchmark
{
    private const string Key = "bench-one-hour-timer";

    public static async Task<Measurement> RunAsync(ProcessEngine engine, ManualClock clock, BenchDatabase database, int timers)
    {
        // The definition is deployed by (c); instances of (c) have all completed, so only these are counted.
        var before = await CompletedAsync(database);
        var workers = Math.Max(1, Environment.ProcessorCount);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < timers; i += workers)
            {
                await engine.StartProcessAsync(Key, businessKey: $"hangfire-{i}");
            }
        })));
        clock.Advance(TimeSpan.FromHours(2));

        var storagePath = SchedulingStorage.SqliteFileBeside(database.Path);
        var storage = SchedulingStorage.Create(DatabaseProvider.Sqlite, $"Data Source={database.Path}");
        var sweep = new DueJobSweep(engine, new FixedOptions<SweepOptions>(new SweepOptions()), NullLogger<DueJobSweep>.Instance);
        var commitsBefore = database.Commits.Commits;
        var watch = Stopwatch.StartNew();
        TimeSpan elapsed;
        using (var server = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = SchedulingExtensions.WorkerCount }, storage, new IBackgroundProcess[] { sweep }))
        {
            // A reader on its own connection (WAL: it never blocks the sweep's writes), every 10 ms.
            while (await CompletedAsync(database) - before < timers)
            {
                if (watch.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new InvalidOperationException($"The Hangfire-run sweep did not fire {timers} timers in 5 minutes.");
                }
                await Task.Delay(10);
            }
            elapsed = watch.Elapsed;
            server.SendStop();
        }
        (storage as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { storagePath, storagePath + "-wal", storagePath + "-shm" })
        {
            File.Delete(file);
        }
        return new Measurement(
            $"(e)  due timers fired by the sweep under Hangfire (server start to last firing, {timers} timers)",
            timers, elapsed, database.Commits.Commits - commitsBefore);
    }

    private static async Task<int> CompletedAsync(BenchDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM engine_instances WHERE \"DefinitionKey\" = $key AND \"State\" = 'completed'";
        command.Parameters.AddWithValue("$key", Key);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The options as the host binds them, without configuration: the defaults.</summary>
    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
