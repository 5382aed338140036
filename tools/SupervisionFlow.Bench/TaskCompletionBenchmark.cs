using System.Diagnostics;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;

namespace SupervisionFlow.Bench;

/// <summary>
/// (b) User tasks completed per second through <c>Processes/ten-steps.bpmn</c> (ten user tasks in a row).
/// Starts the instances untimed, then completes every open task round by round; only the
/// <see cref="ProcessEngine.CompleteTaskAsync"/> calls are timed (the task lists between rounds are not). With
/// <c>clients</c> above one, each round's tasks are dealt to that many concurrent callers, as a host's requests arrive.
/// </summary>
internal static class TaskCompletionBenchmark
{
    private const string Key = "bench-ten-steps";
    // 2,000 completions before the timed run, as (c) sweeps 2,000 timers first: the runtime's tiered JIT recompiles the
    // hot methods with their profile for a few seconds after start, and with 50 warm-up completions (until 2026-12-07)
    // the first part of the timed run still ran unoptimised code while the JIT thread took the other core.
    private const int WarmupInstances = 200;

    public static async Task<Measurement> RunAsync(ProcessEngine engine, BenchDatabase database, int instances, int clients = 1)
    {
        await engine.DeployAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Processes", "ten-steps.bpmn")));
        await RunInstancesAsync(engine, database, WarmupInstances, "warm-up", clients);
        var (completions, elapsed, commits, cpu) = await RunInstancesAsync(engine, database, instances, "run", clients);
        var stillActive = await engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: Key, State: "active"));
        if (stillActive.Count != 0)
        {
            throw new InvalidOperationException($"{stillActive.Count} ten-step instances did not complete.");
        }
        var callers = clients == 1 ? "" : $", {clients} clients";
        return new Measurement($"(b)  user-task completions ({instances} inst. x 10 steps{callers}; {WarmupInstances * 10} untimed first)", completions, elapsed, commits, cpu);
    }

    private static async Task<(int Completions, TimeSpan Elapsed, long Commits, TimeSpan Cpu)> RunInstancesAsync(
        ProcessEngine engine, BenchDatabase database, int instances, string prefix, int clients)
    {
        for (var i = 0; i < instances; i++)
        {
            await engine.StartProcessAsync(Key, businessKey: $"{prefix}-{i}");
        }
        var completions = 0;
        var elapsed = TimeSpan.Zero;
        long commits = 0;
        var cpu = TimeSpan.Zero;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        while (true)
        {
            var open = await engine.FindTasksAsync(new TaskQuery(DefinitionKey: Key));
            if (open.Count == 0)
            {
                break;
            }
            var commitsBefore = database.Commits.Commits;
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
            {
                for (var i = client; i < open.Count; i += clients)
                {
                    await engine.CompleteTaskAsync(open[i].Id, "bench");
                }
            })));
            watch.Stop();
            process.Refresh();
            cpu += process.TotalProcessorTime - cpuBefore;
            elapsed += watch.Elapsed;
            commits += database.Commits.Commits - commitsBefore;
            completions += open.Count;
        }
        if (completions != instances * 10)
        {
            throw new InvalidOperationException($"Expected {instances * 10} completions, made {completions}.");
        }
        return (completions, elapsed, commits, cpu);
    }
}
