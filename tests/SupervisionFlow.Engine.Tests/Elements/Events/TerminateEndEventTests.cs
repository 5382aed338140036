using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Events;

public sealed class TerminateEndEventTests
{
    private const string Folder = "Elements/Events/";

    [Fact]
    public async Task TerminateEnd_OneOfTwoBranchesReachesIt_InstanceTerminatedOtherTaskGone()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TerminateEnd.bpmn");
        var instance = await h.StartAsync("terminateEnd");
        Assert.Equal(["review", "withdraw"], await h.TaskActivityIdsAsync(instance.Id));

        await h.CompleteAsync(instance.Id, "withdraw", userId: "alice");

        var done = await h.InstanceAsync(instance.Id);
        Assert.Equal("terminated", done.State);
        Assert.NotNull(done.EndedAt);
        Assert.Empty(done.ActiveActivityIds);
        Assert.Empty(await h.TasksAsync(instance.Id));
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        var review = Assert.Single(history, x => x.ActivityId == "review");
        Assert.True(review.Canceled);
        Assert.NotNull(review.EndedAt);
        Assert.Contains(history, x => x.ActivityId == "terminate");
    }

    [Fact]
    public async Task TerminateEnd_InsideSubProcess_EndsOnlyTheSubProcessScope()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "TerminateEndInSubProcess.bpmn");
        var instance = await h.StartAsync("terminateInSub");
        Assert.Equal(["innerA", "innerB", "outside"], await h.TaskActivityIdsAsync(instance.Id));

        await h.CompleteAsync(instance.Id, "innerA");

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("active", view.State);
        Assert.Equal(["afterSub", "outside"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.DoesNotContain("sub", view.ActiveActivityIds);
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        Assert.True(Assert.Single(history, x => x.ActivityId == "innerB").Canceled);
        var sub = Assert.Single(history, x => x.ActivityId == "sub");
        Assert.NotNull(sub.EndedAt);
        Assert.False(sub.Canceled);
    }
}
