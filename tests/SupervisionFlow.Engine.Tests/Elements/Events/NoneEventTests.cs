using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Events;

public sealed class NoneEventTests
{
    private const string Folder = "Elements/Events/";

    [Fact]
    public async Task NoneStart_Started_WaitsAtFirstTaskWithHistoryRows()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "NoneStartEnd.bpmn");

        var instance = await h.Engine.StartProcessAsync("noneStartEnd", businessKey: "case-1", startedBy: "alice");

        Assert.Equal("active", instance.State);
        Assert.Equal(["review"], instance.ActiveActivityIds);
        Assert.Equal("case-1", instance.BusinessKey);
        Assert.Equal("noneStartEnd", instance.DefinitionKey);
        Assert.Equal(1, instance.Version);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime, instance.StartedAt);
        Assert.Null(instance.EndedAt);
        var task = await h.SingleTaskAsync(instance.Id);
        Assert.Equal("review", task.ActivityId);
        Assert.Equal("Review", task.Name);
        Assert.Equal("case-1", task.BusinessKey);
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(["start", "review"], history.Select(x => x.ActivityId));
        Assert.Equal("startEvent", history[0].ActivityType);
        Assert.NotNull(history[0].EndedAt);
        Assert.Null(history[1].EndedAt);
    }

    [Fact]
    public async Task NoneEnd_LastTaskCompleted_InstanceCompletedWithFullHistory()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "NoneStartEnd.bpmn");
        var instance = await h.StartAsync("noneStartEnd");
        h.Clock.Advance(TimeSpan.FromHours(2));

        await h.CompleteAsync(instance.Id, "review", userId: "alice");

        var done = await h.InstanceAsync(instance.Id);
        Assert.Equal("completed", done.State);
        Assert.Empty(done.ActiveActivityIds);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddHours(2), done.EndedAt);
        Assert.Empty(await h.TasksAsync(instance.Id));
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(["start", "review", "end"], history.Select(x => x.ActivityId));
        Assert.Equal(["startEvent", "userTask", "endEvent"], history.Select(x => x.ActivityType));
        Assert.All(history, x => Assert.NotNull(x.EndedAt));
        Assert.All(history, x => Assert.False(x.Canceled));
        var review = history[1];
        Assert.Equal("Review", review.ActivityName);
        Assert.Equal("alice", review.CompletedBy);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime, review.StartedAt);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddHours(2), review.EndedAt);
    }

    [Fact]
    public async Task NoneEnd_StartFlowsStraightToEnd_CompletedAtStart()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "StraightThrough.bpmn");

        var instance = await h.StartAsync("straightThrough", new { amount = 5 });

        Assert.Equal("completed", instance.State);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime, instance.EndedAt);
        Assert.Equal(5, EngineHarness.Number(instance.Variables["amount"]));
        Assert.Equal(["start", "end"], await h.HistoryActivityIdsAsync(instance.Id));
        var found = await h.Engine.FindInstancesAsync(new(DefinitionKey: "straightThrough", State: "completed"));
        Assert.Equal(instance.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task StartProcess_UnknownKey_ThrowsNotFound()
    {
        await using var h = await EngineHarness.CreateAsync();

        await Assert.ThrowsAsync<EngineNotFoundException>(() => h.StartAsync("nothingDeployed"));
    }
}
