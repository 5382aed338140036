using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Gateways;

public sealed class ExclusiveGatewayTests
{
    private const string Folder = "Elements/Gateways/";

    [Theory]
    [InlineData(150, "large")]
    [InlineData(100, "normal")]
    [InlineData(50, "normal")]
    public async Task Condition_Evaluated_TakesMatchingFlowOrDefault(int amount, string expectedTask)
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ExclusiveGateway.bpmn");

        var instance = await h.StartAsync("exclusiveGateway", new { amount });

        Assert.Equal([expectedTask], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal([expectedTask], instance.ActiveActivityIds);
    }

    [Fact]
    public async Task NoConditionHoldsAndNoDefault_CommandFailsAndNothingChanges()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ExclusiveGatewayNoDefault.bpmn");
        var instance = await h.StartAsync("exclusiveNoDefault");
        var assess = await h.SingleTaskAsync(instance.Id);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            h.Engine.CompleteTaskAsync(assess.Id, "alice", EngineHarness.Json(new { amount = 50 })));

        Assert.True(error is EngineException or ExpressionException, $"unexpected {error.GetType().Name}: {error.Message}");
        Assert.Contains("gw", error.Message, StringComparison.Ordinal);
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("active", view.State);
        Assert.Equal(["assess"], view.ActiveActivityIds);
        Assert.False(view.Variables.ContainsKey("amount"));
        Assert.Equal(assess.Id, (await h.SingleTaskAsync(instance.Id)).Id);
        Assert.DoesNotContain("gw", await h.HistoryActivityIdsAsync(instance.Id));

        // the same task can still be completed with a value that has a way out
        await h.Engine.CompleteTaskAsync(assess.Id, "alice", EngineHarness.Json(new { amount = -5 }));
        Assert.Equal(["refund"], await h.TaskActivityIdsAsync(instance.Id));
    }
}
