using Xunit.Abstractions;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Issue #2: timers are rows; a sweep claims each due timer "with a conditional update so that two nodes never
/// fire the same timer"; "a cycle that was missed while the host was down fires once, not once per missed period".
/// </summary>
public sealed class TimerSweepTests(ITestOutputHelper output)
{
    private const int Timers = 200;

    [Theory, SqliteData, PostgresData]
    public async Task FireDueJobs_TwoNodesSweepAtOnce_EveryTimerFiresExactlyOnce(TestDatabase database)
    {
        // small batches, so the two sweeps interleave over many claims instead of one taking everything at once
        await using var h = await EngineHarness.CreateAsync(database, options: new EngineOptions { TimerBatchSize = 20, NodeId = "node-a" });
        await h.DeployFixtureAsync("Persistence/TimerSweep.TimerThenTask.bpmn");
        var instanceIds = new List<string>();
        for (var i = 0; i < Timers; i++)
        {
            instanceIds.Add((await h.StartAsync("timer-sweep-timer-then-task", businessKey: $"case-{i}")).Id);
        }
        var nodes = new[] { h.Engine, SecondNode(h, "node-b") };
        h.Clock.Advance(TimeSpan.FromHours(2));

        var outcomes = await Race.RunAsync(nodes.Length, i => SweepUntilNoTimerIsLeftAsync(nodes[i]));

        Assert.All(outcomes, o => Assert.Null(o.Error));
        output.WriteLine($"{database}: node-a fired {outcomes[0].Result}, node-b fired {outcomes[1].Result}");
        Assert.Equal(Timers, outcomes.Sum(o => o.Result));
        var tasks = await h.Engine.FindTasksAsync(new TaskQuery(DefinitionKey: "timer-sweep-timer-then-task"));
        Assert.Equal(Timers, tasks.Count);
        Assert.Equal(instanceIds.Order(StringComparer.Ordinal), tasks.Select(t => t.ProcessInstanceId).Order(StringComparer.Ordinal));
        Assert.All(tasks, t => Assert.Equal("follow_up", t.ActivityId));
        Assert.Empty(await h.Engine.GetTimersAsync());
        foreach (var id in instanceIds.Take(20))
        {
            Assert.Single(await h.Engine.GetHistoryAsync(id), a => a.ActivityId == "wait_one_hour" && a.EndedAt is not null);
        }
        Assert.Equal(0, await nodes[1].FireDueJobsAsync());
    }

    /// <summary>
    /// One sweep on four workers with batches of seven: every instance has two timers due at the same moment, claimed one
    /// after the other, so a batch boundary often falls between them and two workers hold one instance's jobs at once; the batch whose save loses the instance revision runs job by job, and still every
    /// timer fires once and every join completes once.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task FireDueJobs_FourWorkersAndTwoDueTimersPerInstance_EveryTimerFiresOnceAndEveryJoinCompletes(TestDatabase database)
    {
        const int instances = 60;
        await using var h = await EngineHarness.CreateAsync(database, options: new EngineOptions { TimerBatchSize = 7, SweepWorkers = 4 });
        await h.DeployFixtureAsync("Persistence/TimerSweep.TwoTimersThenJoin.bpmn");
        for (var i = 0; i < instances; i++)
        {
            await h.StartAsync("timer-sweep-two-timers", businessKey: $"pair-{i}");
        }
        h.Clock.Advance(TimeSpan.FromHours(2));

        var fired = 0;
        for (var sweep = 0; sweep < 10 && (await h.Engine.GetTimersAsync()).Count > 0; sweep++)
        {
            fired += await h.Engine.FireDueJobsAsync();
        }

        Assert.Empty(await h.Engine.GetTimersAsync());
        var tasks = await h.Engine.FindTasksAsync(new TaskQuery(DefinitionKey: "timer-sweep-two-timers"));
        Assert.Equal(instances, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("after_both", t.ActivityId));
        Assert.Equal(instances, tasks.Select(t => t.ProcessInstanceId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2 * instances, fired);
    }

    [Theory, SqliteData, PostgresData]
    public async Task FireDueJobs_DailyCycleMissedForTenDaysWhileDown_FiresOnceThenKeepsItsRhythm(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync("Persistence/TimerSweep.DailyReminder.bpmn");
        var instance = await h.StartAsync("timer-sweep-daily-reminder");
        var before = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal((EngineHarness.StartTime + TimeSpan.FromDays(1)).UtcDateTime, before.DueAt);
        Assert.Equal(-1, before.RemainingRepeats);

        // the host is down for ten days and a bit; a new one starts on the same database
        h.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(3));
        var restarted = await h.NewEngineAsync();

        Assert.Equal(1, await restarted.FireDueJobsAsync());
        Assert.Equal(["reminder", "reply"], await h.TaskActivityIdsAsync(instance.Id));
        var next = Assert.Single(await restarted.GetTimersAsync(instance.Id));
        var now = h.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(next.DueAt!.Value, now.AddTicks(1), now.AddDays(1));
        Assert.Equal(0, await restarted.FireDueJobsAsync());

        h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await restarted.FireDueJobsAsync());
        Assert.Equal(2, (await h.TasksAsync(instance.Id, "reminder")).Count);
        Assert.Single(await h.TasksAsync(instance.Id, "reply"));
    }

    /// <summary>
    /// A node's scheduler: sweeps again and again (as the Quartz job does every few seconds) until no timer row is
    /// left, so both nodes keep competing for claims over the whole run. Returns how many this node fired.
    /// </summary>
    private static async Task<int> SweepUntilNoTimerIsLeftAsync(ProcessEngine node)
    {
        var fired = 0;
        for (var sweep = 0; sweep < 1_000 && (await node.GetTimersAsync()).Count > 0; sweep++)
        {
            fired += await node.FireDueJobsAsync();
        }
        return fired;
    }

    /// <summary>Another node on the same database and clock, with its own node id (lock owner).</summary>
    private static ProcessEngine SecondNode(EngineHarness h, string nodeId) =>
        new(h.CreateDbContext, h.Clock, h.Handlers, h.Functions, new EngineOptions { TimerBatchSize = h.Options.TimerBatchSize, NodeId = nodeId });
}
