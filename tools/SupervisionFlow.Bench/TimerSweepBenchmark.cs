using System.Diagnostics;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
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

    public static async Task<Result> RunAsync(ProcessEngine engine, ManualClock clock, BenchDatabase database, int timers)
    {
        await engine.DeployAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Processes", "one-hour-timer.bpmn")));
        await StartAsync(engine, WarmupTimers, "warm-up");
        clock.Advance(TimeSpan.FromHours(2));
        ExpectFired(WarmupTimers, await engine.FireDueJobsAsync());

        var setup = Stopwatch.StartNew();
        await StartAsync(engine, timers, "run");
        setup.Stop();
        clock.Advance(TimeSpan.FromHours(2));
        var commitsBefore = database.Commits.Commits;
        var watch = Stopwatch.StartNew();
        var fired = await engine.FireDueJobsAsync();
        watch.Stop();
        var commits = database.Commits.Commits - commitsBefore;
        ExpectFired(timers, fired);

        var completed = await engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: Key, State: "completed"));
        if (completed.Count != WarmupTimers + timers)
        {
            throw new InvalidOperationException($"Expected {WarmupTimers + timers} completed timer instances, found {completed.Count}.");
        }
        return new Result(
            new Measurement($"(c)  due timers fired (1 FireDueJobsAsync, {timers} timers)", fired, watch.Elapsed, commits),
            setup.Elapsed);
    }

    private static async Task StartAsync(ProcessEngine engine, int count, string prefix)
    {
        for (var i = 0; i < count; i++)
        {
            await engine.StartProcessAsync(Key, businessKey: $"{prefix}-{i}");
        }
    }

    private static void ExpectFired(int expected, int fired)
    {
        if (fired != expected)
        {
            throw new InvalidOperationException($"FireDueJobsAsync fired {fired} timers, expected {expected}.");
        }
    }
}
