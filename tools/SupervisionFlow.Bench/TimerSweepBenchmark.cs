using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Bench;

/// <summary>
/// (c) Due timers fired per second: instances of <c>Processes/one-hour-timer.bpmn</c> each wait on a PT1H
/// timer; the manual clock moves two hours on and one timed <see cref="ProcessEngine.FireDueJobsAsync"/> call
/// fires them all (in batches of <see cref="EngineOptions.TimerBatchSize"/> on <see cref="EngineOptions.SweepWorkers"/>
/// workers), each instance running to its end. As the Quartz peer measures its firings (a warm-up, then three runs, the
/// median reported): one untimed sweep of up to 2,000 timers, then three timed sweeps of <c>timers</c> each; the
/// median sweep is the figure, every sweep is printed.
/// </summary>
internal static class TimerSweepBenchmark
{
    private const string Key = "bench-one-hour-timer";
    private const int Sweeps = 3;

    public sealed record Result(Measurement Measurement, TimeSpan SetupElapsed);

    public static async Task<Result> RunAsync(ProcessEngine engine, ManualClock clock, BenchDatabase database, int timers, string keyPrefix = "")
    {
        await engine.DeployAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Processes", "one-hour-timer.bpmn")));
        var warmup = Math.Min(timers, 2_000);
        await StartAsync(engine, warmup, "warm-up");
        clock.Advance(TimeSpan.FromHours(2));
        ExpectFired(warmup, await engine.FireDueJobsAsync());

        var sweeps = new List<Measurement>();
        var setup = TimeSpan.Zero;
        for (var sweep = 1; sweep <= Sweeps; sweep++)
        {
            var started = Stopwatch.StartNew();
            await StartAsync(engine, timers, $"run{sweep}");
            setup += started.Elapsed;
            clock.Advance(TimeSpan.FromHours(2));
            Report.Progress($"(c) sweep {sweep} of {Sweeps}: {timers} due timers");
            sweeps.Add(await SweepAsync(engine, database, timers, sweep));
        }
        var median = sweeps.OrderBy(m => m.Elapsed).ElementAt(Sweeps / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{keyPrefix}timer_sweeps_per_s={string.Join('/', sweeps.Select(m => m.PerSecond.ToString("F0", CultureInfo.InvariantCulture)))} " +
            $"{keyPrefix}timer_sweep_wall_us_per_timer={median.Elapsed.TotalMicroseconds / timers:F1} {keyPrefix}timer_sweep_cpu_us_per_timer={median.Cpu!.Value.TotalMicroseconds / timers:F1}"));

        // straight from the table: the engine's instance query returns a page, not every row
        await using var db = database.CreateContext();
        var completed = await db.Set<ProcessInstanceRecord>().CountAsync(i => i.DefinitionKey == Key && i.State == "completed");
        if (completed != warmup + (Sweeps * timers))
        {
            throw new InvalidOperationException($"Expected {warmup + (Sweeps * timers)} completed timer instances, found {completed}.");
        }
        return new Result(median, setup / Sweeps);
    }

    private static async Task<Measurement> SweepAsync(ProcessEngine engine, BenchDatabase database, int timers, int sweep)
    {
        var commitsBefore = database.Commits.Commits;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var collectionsBefore = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        var fired = await engine.FireDueJobsAsync();
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer_sweep_{sweep}_allocated_kb_per_timer={(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / timers:F1} timer_sweep_{sweep}_gen0_collections={GC.CollectionCount(0) - collectionsBefore}"));
        // The process's CPU over the sweep: on a shared machine it moves far less with the neighbours' load than the
        // wall-clock rate.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        ExpectFired(timers, fired);
        return new Measurement($"(c)  due timers fired (1 FireDueJobsAsync, {timers} timers; median of {Sweeps} sweeps, this one #{sweep})",
            fired, watch.Elapsed, database.Commits.Commits - commitsBefore, cpu);
    }

    /// <summary>Starts the instances from one worker per core (untimed set-up: one worker's commit overlaps another's CPU work).</summary>
    private static Task StartAsync(ProcessEngine engine, int count, string prefix)
    {
        var workers = Math.Max(1, Environment.ProcessorCount);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < count; i += workers)
            {
                await engine.StartProcessAsync(Key, businessKey: $"{prefix}-{i}");
            }
        })));
    }

    private static void ExpectFired(int expected, int fired)
    {
        if (fired != expected)
        {
            throw new InvalidOperationException($"FireDueJobsAsync fired {fired} timers, expected {expected}.");
        }
    }
}
