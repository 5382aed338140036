using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Events;

public sealed class TimerBoundaryEventTests
{
    private const string Folder = "Elements/Events/";

    [Fact]
    public async Task Interrupting_TimerFires_TaskGoneAndFlowContinues()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerBoundaryInterrupting.bpmn");
        var instance = await h.StartAsync("timerBoundaryInterrupting");
        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal("deadline", timer.ActivityId);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddDays(5), timer.DueAt);

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(5)));

        Assert.Equal(["remind"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal(["remind"], (await h.InstanceAsync(instance.Id)).ActiveActivityIds);
        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
        var review = Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "review");
        Assert.True(review.Canceled);
    }

    [Fact]
    public async Task Interrupting_TaskCompletedFirst_TimerRemoved()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerBoundaryInterrupting.bpmn");
        var instance = await h.StartAsync("timerBoundaryInterrupting");

        await h.CompleteAsync(instance.Id, "review");

        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(10)));
        Assert.Equal("completed", (await h.InstanceAsync(instance.Id)).State);
    }

    [Fact]
    public async Task NonInterrupting_TimerFires_TaskStaysAndReminderCreated()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerBoundaryNonInterrupting.bpmn");
        var instance = await h.StartAsync("timerBoundaryNonInterrupting");
        var review = await h.SingleTaskAsync(instance.Id);

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(2)));

        Assert.Equal(["remind", "review"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal(review.Id, (await h.SingleTaskAsync(instance.Id, "review")).Id);
        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(5)));
        Assert.Single(await h.TasksAsync(instance.Id, "remind"));
    }

    [Fact]
    public async Task Cycle_R3P1D_FiresThreeTimesThenStops()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerBoundaryCycle.bpmn");
        var instance = await h.StartAsync("timerBoundaryCycle");
        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddDays(1), timer.DueAt);

        var fired = new List<int>();
        for (var day = 1; day <= 4; day++)
        {
            fired.Add(await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));
        }

        Assert.Equal([1, 1, 1, 0], fired);
        Assert.Equal(3, (await h.TasksAsync(instance.Id, "remind")).Count);
        Assert.Single(await h.TasksAsync(instance.Id, "review"));
        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
    }

    [Fact]
    public async Task Cycle_MissedForTenPeriods_FiresOncePerSweepNotTenTimes()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerBoundaryEndlessCycle.bpmn");
        var instance = await h.StartAsync("timerBoundaryEndlessCycle");

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(10)));

        Assert.Single(await h.TasksAsync(instance.Id, "remind"));
        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.True(timer.DueAt > h.Clock.GetUtcNow().UtcDateTime, $"next due {timer.DueAt:O} should lie after now");
        Assert.Equal(0, await h.Engine.FireDueJobsAsync());
    }
}
