using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.Server;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
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
        // The sweep's own pass log says how many it fired: no reader polls the database beside it (a count over the
        // instance table every 10 ms took a share of the two cores the sweep runs on).
        var passes = new PassCounter(timers);
        var watch = new Stopwatch();
        var options = new FixedOptions<SweepOptions>(new SweepOptions(), watch);
        var sweep = new DueJobSweep(engine, options, passes);
        var commitsBefore = database.Commits.Commits;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Start();
        TimeSpan elapsed;
        TimeSpan cpu;
        using (var server = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = SchedulingExtensions.WorkerCount }, storage, new IBackgroundProcess[] { sweep }))
        {
            if (await Task.WhenAny(passes.AllFired, Task.Delay(TimeSpan.FromMinutes(5))) != passes.AllFired)
            {
                throw new InvalidOperationException($"The Hangfire-run sweep did not fire {timers} timers in 5 minutes.");
            }
            elapsed = watch.Elapsed;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            server.SendStop();
        }
        if (await CompletedAsync(database) - before != timers)
        {
            throw new InvalidOperationException($"The Hangfire-run sweep reported {timers} firings, but not {timers} more instances completed.");
        }
        // The server's start: until the sweep's first pass read its options (the pass runs right after).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hangfire_sweep_server_start_ms={options.FirstRead.TotalMilliseconds:F0} hangfire_sweep_cpu_us_per_timer={cpu.TotalMicroseconds / timers:F1}"));
        (storage as IDisposable)?.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { storagePath, storagePath + "-wal", storagePath + "-shm" })
        {
            File.Delete(file);
        }
        return new Measurement(
            $"(e)  due timers fired by the sweep under Hangfire (server start to last firing, {timers} timers)",
            timers, elapsed, database.Commits.Commits - commitsBefore, cpu);
    }

    /// <summary>Adds up the counts of the sweep's "Sweep fired {Count} due job(s)" lines; done when all have fired.</summary>
    private sealed class PassCounter(int expected) : ILogger<DueJobSweep>
    {
        private readonly TaskCompletionSource _allFired = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _fired;

        public Task AllFired => _allFired.Task;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null)
            {
                Console.Error.WriteLine($"(e) the sweep logged: {formatter(state, exception)}");
            }
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "Count").Value is int count
                && Interlocked.Add(ref _fired, count) >= expected)
            {
                _allFired.TrySetResult();
            }
        }
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

    /// <summary>The options as the host binds them, without configuration: the defaults. Notes when they are first read.</summary>
    private sealed class FixedOptions<T>(T value, Stopwatch watch) : IOptionsMonitor<T>
    {
        private long _firstReadTicks = -1;

        /// <summary>The watch's time at the first read (the sweep's first pass reads <c>Enabled</c> before it runs).</summary>
        public TimeSpan FirstRead => _firstReadTicks < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(_firstReadTicks);

        public T CurrentValue
        {
            get
            {
                Interlocked.CompareExchange(ref _firstReadTicks, watch.Elapsed.Ticks, -1);
                return value;
            }
        }

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
