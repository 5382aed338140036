using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.SubProcesses;

public sealed class SubProcessTests
{
    [Fact]
    public async Task EmbeddedSubProcess_Entered_ActiveIdsHoldScopeAndInnerTask()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Elements/SubProcesses/SubProcess.bpmn");

        var instance = await h.StartAsync("subProcess", new { topic = "roads" });

        Assert.Equal(["inner", "sub"], instance.ActiveActivityIds.Order(StringComparer.Ordinal));
        var inner = await h.SingleTaskAsync(instance.Id);
        Assert.Equal("inner", inner.ActivityId);
        Assert.Equal("roads", EngineHarness.Text(inner.Variables["topic"]));
    }

    [Fact]
    public async Task EmbeddedSubProcess_InnerEndReached_ScopeEndsAndFlowContinues()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Elements/SubProcesses/SubProcess.bpmn");
        var instance = await h.StartAsync("subProcess");

        await h.CompleteAsync(instance.Id, "inner", new { outcome = "fixed" });

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal(["after"], view.ActiveActivityIds);
        Assert.Equal("fixed", EngineHarness.Text(view.Variables["outcome"]));
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(["start", "sub", "subStart", "inner", "subEnd", "after"], history.Select(x => x.ActivityId));
        Assert.Equal("subProcess", history[1].ActivityType);
        Assert.NotNull(history[1].EndedAt);
    }
}
