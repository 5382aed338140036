using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Events;

public sealed class MessageEventTests
{
    private const string Folder = "Elements/Events/";

    [Fact]
    public async Task IntermediateCatch_CorrelatedByBusinessKey_MovesOnlyThatInstanceWithVariables()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MessageCatch.bpmn");
        var first = await h.StartAsync("messageCatch", businessKey: "case-1");
        var second = await h.StartAsync("messageCatch", businessKey: "case-2");
        Assert.Equal(["waitReply"], first.ActiveActivityIds);

        var count = await h.Engine.CorrelateMessageAsync("reply", businessKey: "case-1", variables: EngineHarness.Json(new { answer = "agreed" }));

        Assert.Equal(1, count);
        Assert.Equal(["evaluate"], await h.TaskActivityIdsAsync(first.Id));
        Assert.Equal("agreed", EngineHarness.Text((await h.InstanceAsync(first.Id)).Variables["answer"]));
        Assert.Empty(await h.TasksAsync(second.Id));
        Assert.Equal(["waitReply"], (await h.InstanceAsync(second.Id)).ActiveActivityIds);
    }

    [Fact]
    public async Task IntermediateCatch_CorrelatedByInstanceId_Moves()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MessageCatch.bpmn");
        var first = await h.StartAsync("messageCatch", businessKey: "same");
        var second = await h.StartAsync("messageCatch", businessKey: "same");

        Assert.Equal(1, await h.Engine.CorrelateMessageAsync("reply", processInstanceId: second.Id));

        Assert.Empty(await h.TasksAsync(first.Id));
        Assert.Equal(["evaluate"], await h.TaskActivityIdsAsync(second.Id));
    }

    [Fact]
    public async Task Correlate_NothingWaits_ReturnsZeroAndChangesNothing()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MessageCatch.bpmn");
        var instance = await h.StartAsync("messageCatch", businessKey: "case-1");

        Assert.Equal(0, await h.Engine.CorrelateMessageAsync("reply", businessKey: "no-such-case"));
        Assert.Equal(0, await h.Engine.CorrelateMessageAsync("unknownMessage", businessKey: "case-1"));
        Assert.Equal(1, await h.Engine.CorrelateMessageAsync("reply", businessKey: "case-1"));
        Assert.Equal(0, await h.Engine.CorrelateMessageAsync("reply", businessKey: "case-1"));

        Assert.Single(await h.TasksAsync(instance.Id));
    }

    [Fact]
    public async Task ReceiveTask_Correlated_ContinuesWithVariables()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "ReceiveTask.bpmn");
        var instance = await h.StartAsync("receiveTask", businessKey: "case-9");
        Assert.Equal(["receiveReply"], instance.ActiveActivityIds);
        Assert.Empty(await h.TasksAsync(instance.Id));

        var count = await h.Engine.CorrelateMessageAsync("reply", businessKey: "case-9", variables: EngineHarness.Json(new { satisfied = true }));

        Assert.Equal(1, count);
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal(["evaluate"], view.ActiveActivityIds);
        Assert.True(view.Variables["satisfied"]!.GetValue<bool>());
        Assert.NotNull(Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "receiveReply").EndedAt);
    }

    [Fact]
    public async Task BoundaryInterrupting_MessageArrives_TaskCanceledAndFlowContinues()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MessageBoundary.bpmn");
        var instance = await h.StartAsync("messageBoundary", businessKey: "case-3");

        Assert.Equal(1, await h.Engine.CorrelateMessageAsync("withdraw", businessKey: "case-3"));

        Assert.Equal(["archive"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.True(Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "review").Canceled);
        // the non-interrupting subscription went with the task
        Assert.Equal(0, await h.Engine.CorrelateMessageAsync("supplement", businessKey: "case-3"));
    }

    [Fact]
    public async Task BoundaryNonInterrupting_MessageArrives_TaskStaysAndSideTaskCreated()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MessageBoundary.bpmn");
        var instance = await h.StartAsync("messageBoundary", businessKey: "case-4");

        Assert.Equal(1, await h.Engine.CorrelateMessageAsync("supplement", processInstanceId: instance.Id,
            variables: EngineHarness.Json(new { supplementText = "more facts" })));

        Assert.Equal(["readSupplement", "review"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal("more facts", EngineHarness.Text((await h.InstanceAsync(instance.Id)).Variables["supplementText"]));
        // still subscribed: a second supplement makes a second side task
        Assert.Equal(1, await h.Engine.CorrelateMessageAsync("supplement", processInstanceId: instance.Id));
        Assert.Equal(2, (await h.TasksAsync(instance.Id, "readSupplement")).Count);

        await h.CompleteAsync(instance.Id, "review");

        Assert.Equal(0, await h.Engine.CorrelateMessageAsync("withdraw", processInstanceId: instance.Id));
    }
}
