using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Expressions;

public sealed class ExpressionTests
{
    [Theory]
    [InlineData(3, "urgent")]
    [InlineData(10, "normal")]
    public async Task HostFunction_UsedInCondition_DecidesTheBranch(int daysLeft, string expected)
    {
        await using var h = await EngineHarness.CreateAsync(functions: f => f.Register("isUrgent", (double days) => days < 5));
        await h.DeployFixtureAsync("Expressions/HostFunction.bpmn");
        var instance = await h.StartAsync("hostFunction");

        await h.CompleteAsync(instance.Id, "assess", new { daysLeft });

        Assert.Equal([expected], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task JavaScript_StringAndArrayOperators_Evaluated()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Expressions/JavaScriptOperators.bpmn");
        var instance = await h.StartAsync("javaScriptOperators", new { topic = "broken roads", units = new[] { "a", "b" } });

        await h.CompleteAsync(instance.Id, "assess");

        Assert.Equal(["urgent"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task InfiniteLoop_InCondition_StoppedByLimitAndChangesNothing()
    {
        await using var h = await EngineHarness.CreateAsync(options: new EngineOptions { ExpressionTimeout = TimeSpan.FromSeconds(1) });
        await h.DeployFixtureAsync("Expressions/InfiniteLoop.bpmn");
        var instance = await h.StartAsync("infiniteLoop");
        var assess = await h.SingleTaskAsync(instance.Id);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<ExpressionException>(() =>
            h.Engine.CompleteTaskAsync(assess.Id, "alice", EngineHarness.Json(new { note = "x" })));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal(["assess"], view.ActiveActivityIds);
        Assert.False(view.Variables.ContainsKey("note"));
        Assert.Equal(assess.Id, (await h.SingleTaskAsync(instance.Id)).Id);
    }

    [Fact]
    public async Task StringDoubling_InCondition_StoppedByMemoryLimitAndChangesNothing()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Expressions/StringDoubling.bpmn");
        var instance = await h.StartAsync("stringDoubling");
        var assess = await h.SingleTaskAsync(instance.Id);

        var error = await Assert.ThrowsAsync<ExpressionException>(() =>
            h.Engine.CompleteTaskAsync(assess.Id, "alice", EngineHarness.Json(new { note = "x" })));

        Assert.Equal(ExpressionErrorCodes.MemoryLimit, error.Code);
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal(["assess"], view.ActiveActivityIds);
        Assert.False(view.Variables.ContainsKey("note"));
    }

    [Fact]
    public async Task UnknownVariable_InCondition_FailsWithExpressionErrorAndChangesNothing()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Expressions/UnknownVariable.bpmn");
        var instance = await h.StartAsync("unknownVariable");

        var error = await Assert.ThrowsAsync<ExpressionException>(() => h.CompleteAsync(instance.Id, "assess"));

        Assert.Contains("notDefinedAnywhere", error.Expression, StringComparison.Ordinal);
        Assert.Equal(["assess"], await h.TaskActivityIdsAsync(instance.Id));
    }
}
