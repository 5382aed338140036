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
/// fires them all (in batches of <see cref="EngineOptions.TimerBatchSize"/>), each instance running to its end.
/// </summary>
internal static class TimerSweepBenchmark
{
    private const string Key = "bench-one-hour-timer";
    private const int WarmupTimers = 50;

    public sealed record Result(Measurement Measurement, TimeSpan SetupElapsed);

    public static async Task<Result> RunAsync(ProcessEngine engine, ManualClock clock, BenchDatabase database, int timers, string keyPrefix = "")
    {
        await engine.DeployAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Processes", "one-hour-timer.bpmn")));
        await StartAsync(engine, WarmupTimers, "warm-up");
        clock.Advance(TimeSpan.FromHours(2));
        ExpectFired(WarmupTimers, await engine.FireDueJobsAsync());

        var setup = Stopwatch.StartNew();
        await StartAsync(engine, timers, "run");
        setup.Stop();
        clock.Advance(TimeSpan.FromHours(2));
        Report.Progress($"(c) sweeping {timers} due timers");
        var commitsBefore = database.Commits.Commits;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var fired = await engine.FireDueJobsAsync();
        watch.Stop();
        // The process's CPU over the sweep: the sweep runs on one thread, so on a shared machine this moves far less
        // with the neighbours' load than the wall-clock rate.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var commits = database.Commits.Commits - commitsBefore;
        ExpectFired(timers, fired);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{keyPrefix}timer_sweep_wall_us_per_timer={watch.Elapsed.TotalMicroseconds / timers:F1} {keyPrefix}timer_sweep_cpu_us_per_timer={cpu.TotalMicroseconds / timers:F1}"));

        // straight from the table: the engine's instance query returns a page, not every row
        await using var db = database.CreateContext();
        var completed = await db.Set<ProcessInstanceRecord>().CountAsync(i => i.DefinitionKey == Key && i.State == "completed");
        if (completed != WarmupTimers + timers)
        {
            throw new InvalidOperationException($"Expected {WarmupTimers + timers} completed timer instances, found {completed}.");
        }
        return new Result(
            new Measurement($"(c)  due timers fired (1 FireDueJobsAsync, {timers} timers)", fired, watch.Elapsed, commits, cpu),
            setup.Elapsed);
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
