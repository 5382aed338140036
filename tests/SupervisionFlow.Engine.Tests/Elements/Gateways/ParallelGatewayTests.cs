using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Gateways;

public sealed class ParallelGatewayTests
{
    private const string Folder = "Elements/Gateways/";

    [Fact]
    public async Task Fork_Started_OneTaskPerBranch()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ParallelGateway.bpmn");

        var instance = await h.StartAsync("parallelGateway");

        Assert.Equal(["a", "b", "c"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal(["a", "b", "c"], instance.ActiveActivityIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Join_WaitsForEveryBranch_ThenContinuesOnce()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ParallelGateway.bpmn");
        var instance = await h.StartAsync("parallelGateway");

        await h.CompleteAsync(instance.Id, "b");
        await h.CompleteAsync(instance.Id, "a");

        Assert.Equal(["c"], await h.TaskActivityIdsAsync(instance.Id));
        var waiting = await h.InstanceAsync(instance.Id);
        Assert.Contains("join", waiting.ActiveActivityIds);
        Assert.Contains("c", waiting.ActiveActivityIds);

        await h.CompleteAsync(instance.Id, "c");

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal(["after"], (await h.InstanceAsync(instance.Id)).ActiveActivityIds);
        await h.CompleteAsync(instance.Id, "after");
        Assert.Equal("completed", (await h.InstanceAsync(instance.Id)).State);
        Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "after");
    }
}
