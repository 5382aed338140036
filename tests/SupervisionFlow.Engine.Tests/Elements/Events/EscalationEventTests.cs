using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Events;

public sealed class EscalationEventTests
{
    private const string Folder = "Elements/Events/";

    [Fact]
    public async Task EscalationEnd_InterruptingBoundaryOnSubProcess_LeavesSubProcessForHandler()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "EscalationEndInterrupting.bpmn");
        var instance = await h.StartAsync("escalationEndInterrupting");

        await h.CompleteAsync(instance.Id, "work");

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal(["handleLate"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal(["handleLate"], view.ActiveActivityIds);
        Assert.DoesNotContain("afterSub", await h.HistoryActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task EscalationThrow_InterruptingBoundary_CancelsRestOfSubProcess()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "EscalationThrowInterrupting.bpmn");
        var instance = await h.StartAsync("escalationThrowInterrupting");

        await h.CompleteAsync(instance.Id, "work");

        Assert.Equal(["handleLate"], await h.TaskActivityIdsAsync(instance.Id));
        var history = await h.HistoryActivityIdsAsync(instance.Id);
        Assert.DoesNotContain("continueInside", history);
        Assert.Contains("catchLate", history);
    }

    [Fact]
    public async Task EscalationThrow_NonInterruptingBoundary_SubProcessContinuesAndHandlerRuns()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "EscalationThrowNonInterrupting.bpmn");
        var instance = await h.StartAsync("escalationThrowNonInterrupting");

        await h.CompleteAsync(instance.Id, "work");

        Assert.Equal(["continueInside", "handleLate"], await h.TaskActivityIdsAsync(instance.Id));
        var view = await h.InstanceAsync(instance.Id);
        Assert.Contains("sub", view.ActiveActivityIds);
        Assert.Contains("continueInside", view.ActiveActivityIds);
        Assert.Contains("handleLate", view.ActiveActivityIds);

        await h.CompleteAsync(instance.Id, "continueInside");

        Assert.Equal(["afterSub", "handleLate"], await h.TaskActivityIdsAsync(instance.Id));
    }
}
