using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Events;

public sealed class ErrorEventTests
{
    private const string Folder = "Elements/Events/";

    [Fact]
    public async Task ErrorEnd_InSubProcess_CaughtByBoundaryWithMatchingErrorCode()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ErrorEndCaughtByCode.bpmn");
        var instance = await h.StartAsync("errorByCode");
        Assert.Equal(["checkBudget"], await h.TaskActivityIdsAsync(instance.Id));

        await h.CompleteAsync(instance.Id, "checkBudget", new { budget = 50 });

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("active", view.State);
        Assert.Equal(["handleNoBudget"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.DoesNotContain("sub", view.ActiveActivityIds);
        var history = await h.HistoryActivityIdsAsync(instance.Id);
        Assert.Contains("noBudgetEnd", history);
        Assert.Contains("catchNoBudget", history);
        Assert.DoesNotContain("catchOther", history);
        Assert.DoesNotContain("approved", history);
    }

    [Fact]
    public async Task ErrorEnd_NotReached_SubProcessCompletesNormally()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ErrorEndCaughtByCode.bpmn");
        var instance = await h.StartAsync("errorByCode");

        await h.CompleteAsync(instance.Id, "checkBudget", new { budget = 500 });

        Assert.Equal(["approved"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task ErrorEnd_BoundaryWithoutErrorRef_CatchesAnyError()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ErrorEndCatchAll.bpmn");
        var instance = await h.StartAsync("errorCatchAll");

        await h.CompleteAsync(instance.Id, "work");

        Assert.Equal(["handleAny"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal("active", (await h.InstanceAsync(instance.Id)).State);
    }

    [Fact]
    public async Task ErrorEnd_NoBoundaryCatchesIt_BehavesAsNoneEnd()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ErrorEndUncaught.bpmn");
        var instance = await h.StartAsync("errorUncaught");

        await h.CompleteAsync(instance.Id, "work");

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("completed", view.State);
        Assert.Empty(view.Incidents);
        Assert.Equal(["start", "work", "errorEnd"], await h.HistoryActivityIdsAsync(instance.Id));
    }
}
