using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Commands;

public sealed class InstanceCommandTests
{
    private const string Fixture = "Commands/TwoTasks.bpmn";

    [Fact]
    public async Task SetVariables_ActiveInstance_StoredAndRecordedInVariableHistory()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync("twoTasks", new { waitFor = "P1D", level = 1 });
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        await h.Engine.SetVariablesAsync(instance.Id, EngineHarness.Json(new { level = 2, note = "escalated" }), "admin");

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal(2, EngineHarness.Number(view.Variables["level"]));
        Assert.Equal("escalated", EngineHarness.Text(view.Variables["note"]));
        Assert.Equal("P1D", EngineHarness.Text(view.Variables["waitFor"]));
        var levels = (await h.Engine.GetVariableHistoryAsync(instance.Id)).Where(v => v.Name == "level").OrderBy(v => v.SetAt).ToList();
        Assert.Equal([1.0, 2.0], levels.Select(v => EngineHarness.Number(v.Value)));
        Assert.Equal("admin", levels[1].SetBy);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddMinutes(5), levels[1].SetAt);
    }

    [Fact]
    public async Task TimeDuration_Expression_ReadsPeriodFromVariable()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync("twoTasks", new { waitFor = "PT12H" });

        await h.CompleteAsync(instance.Id, "first");

        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddHours(12), Assert.Single(await h.Engine.GetTimersAsync(instance.Id)).DueAt);
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromHours(12)));
        Assert.Equal(["second"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task Terminate_WaitingAtTimer_InstanceTerminatedTimerAndTasksGone()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync("twoTasks", new { waitFor = "P1D" });
        await h.CompleteAsync(instance.Id, "first");
        Assert.Single(await h.Engine.GetTimersAsync(instance.Id));

        await h.Engine.TerminateAsync(instance.Id, "admin");

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("terminated", view.State);
        Assert.NotNull(view.EndedAt);
        Assert.Empty(view.ActiveActivityIds);
        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(2)));
        Assert.Empty(await h.TasksAsync(instance.Id));
        Assert.Single(await h.Engine.FindInstancesAsync(new(State: "terminated")));
    }

    [Fact]
    public async Task Commands_OnEndedInstance_Refused()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync("twoTasks", new { waitFor = "P1D" });
        await h.Engine.TerminateAsync(instance.Id);

        await Assert.ThrowsAnyAsync<EngineException>(() => h.Engine.SetVariablesAsync(instance.Id, EngineHarness.Json(new { x = 1 })));
        await Assert.ThrowsAnyAsync<EngineException>(() => h.Engine.TerminateAsync(instance.Id));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => h.Engine.TerminateAsync(Guid.NewGuid().ToString()));
        Assert.False((await h.InstanceAsync(instance.Id)).Variables.ContainsKey("x"));
    }
}
