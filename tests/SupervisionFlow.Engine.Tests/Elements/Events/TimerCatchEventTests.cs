using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Events;

public sealed class TimerCatchEventTests
{
    private const string Folder = "Elements/Events/";

    [Fact]
    public async Task TimeDuration_P3D_FiresExactlyThreeDaysLater()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerCatchDuration.bpmn");
        var instance = await h.StartAsync("timerDuration");

        Assert.Equal(["wait"], instance.ActiveActivityIds);
        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal("wait", timer.ActivityId);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddDays(3), timer.DueAt);
        Assert.Empty(await h.TasksAsync(instance.Id));

        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1)));
        Assert.Empty(await h.TasksAsync(instance.Id));

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(["after"], (await h.InstanceAsync(instance.Id)).ActiveActivityIds);
        var wait = Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "wait");
        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddDays(3), wait.EndedAt);
    }

    [Fact]
    public async Task TimeDate_FixedInstant_DueThen()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerCatchDate.bpmn");
        var instance = await h.StartAsync("timerDate");

        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(EngineHarness.Utc("2026-03-10T00:00:00Z"), timer.DueAt);

        h.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 23, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await h.Engine.FireDueJobsAsync());
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await h.Engine.FireDueJobsAsync());
        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task TimeDate_Expression_UsesVariableHoldingIsoDate()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerCatchExpression.bpmn");

        var instance = await h.StartAsync("timerExpression", new { due = "2026-03-04T08:00:00Z" });

        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(EngineHarness.Utc("2026-03-04T08:00:00Z"), timer.DueAt);
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await h.Engine.FireDueJobsAsync());
        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task TimeDuration_OneMonthFromJanuary31_DueOnFebruary28()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerCatchMonths.bpmn");
        // Before the harness's start: SetUtcNow only moves forward.
        h.Clock.AdjustTime(new DateTimeOffset(2026, 1, 31, 2, 0, 0, TimeSpan.Zero));

        var instance = await h.StartAsync("timerMonths");

        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(EngineHarness.Utc("2026-02-28T02:00:00Z"), timer.DueAt);
    }

    [Fact]
    public async Task TimeDuration_P3M_CountsCalendarMonths()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerCatchThreeMonths.bpmn");

        var instance = await h.StartAsync("timerThreeMonths");

        var timer = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(EngineHarness.Utc("2026-06-02T01:00:00Z"), timer.DueAt);
        // March 2 + 3 calendar months is June 2: 92 days here, not 3 × 30
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(92) - TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task Timer_NotDue_NeverFiresAheadOfTheClock()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TimerCatchDuration.bpmn");
        var instance = await h.StartAsync("timerDuration");

        Assert.Equal(0, await h.Engine.FireDueJobsAsync());

        Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(["wait"], (await h.InstanceAsync(instance.Id)).ActiveActivityIds);
    }
}
