using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.SubProcesses;

public sealed class CallActivityTests
{
    private const string Folder = "Elements/SubProcesses/";

    private static async Task<ProcessInstanceView> ChildOfAsync(EngineHarness h, string parentId) =>
        Assert.Single(await h.Engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: "child")), c => c.ParentInstanceId == parentId);

    [Fact]
    public async Task CallActivity_Started_ChildGetsMappedVariablesBusinessKeyAndParent()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixturesAsync(Folder + "CallActivityChild.bpmn", Folder + "CallActivityMappings.bpmn");

        var parent = await h.StartAsync("parentMappings", new { amount = 150, topic = "roads" }, businessKey: "case-7");

        Assert.Equal(["call"], parent.ActiveActivityIds);
        var child = await ChildOfAsync(h, parent.Id);
        Assert.Equal("active", child.State);
        Assert.Equal("case-7", child.BusinessKey);
        Assert.Equal(150, EngineHarness.Number(child.Variables["childAmount"]));
        Assert.Equal("roads", EngineHarness.Text(child.Variables["topic"]));
        Assert.Equal(150, EngineHarness.Number(child.Variables["amount"]));
        var childTask = await h.SingleTaskAsync(child.Id);
        Assert.Equal("case-7", childTask.BusinessKey);
        Assert.Empty(await h.TasksAsync(parent.Id));
    }

    [Fact]
    public async Task CallActivity_ChildCompletes_ParentMovesOnWithOutMappedVariables()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixturesAsync(Folder + "CallActivityChild.bpmn", Folder + "CallActivityMappings.bpmn");
        var parent = await h.StartAsync("parentMappings", new { amount = 150 }, businessKey: "case-7");
        var child = await ChildOfAsync(h, parent.Id);

        await h.CompleteAsync(child.Id, "childTask", new { result = "accepted", childOnly = 1 });

        Assert.Equal("completed", (await h.InstanceAsync(child.Id)).State);
        var view = await h.InstanceAsync(parent.Id);
        Assert.Equal(["after"], view.ActiveActivityIds);
        Assert.Equal("accepted", EngineHarness.Text(view.Variables["childResult"]));
        Assert.False(view.Variables.ContainsKey("childOnly"));
        Assert.False(view.Variables.ContainsKey("result"));
    }

    [Fact]
    public async Task CallActivity_NoBusinessKeyMapping_PassesBusinessKeyOnButNoUnmappedVariables()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixturesAsync(Folder + "CallActivityChild.bpmn", Folder + "CallActivityPlain.bpmn");

        var parent = await h.StartAsync("parentPlain", new { amount = 3, secret = "x" }, businessKey: "case-11");

        var child = await ChildOfAsync(h, parent.Id);
        Assert.Equal("case-11", child.BusinessKey);
        Assert.Equal(3, EngineHarness.Number(child.Variables["childAmount"]));
        Assert.False(child.Variables.ContainsKey("secret"));
    }

    [Fact]
    public async Task CallActivity_InterruptingTimerFires_ChildTerminated()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixturesAsync(Folder + "CallActivityChild.bpmn", Folder + "CallActivityTimer.bpmn");
        var parent = await h.StartAsync("parentTimer", businessKey: "case-12");
        var child = await ChildOfAsync(h, parent.Id);
        Assert.Equal("tooLate", Assert.Single(await h.Engine.GetTimersAsync(parent.Id)).ActivityId);

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));

        var childView = await h.InstanceAsync(child.Id);
        Assert.Equal("terminated", childView.State);
        Assert.Empty(await h.TasksAsync(child.Id));
        Assert.Equal(["late"], await h.TaskActivityIdsAsync(parent.Id));
        Assert.Equal(["late"], (await h.InstanceAsync(parent.Id)).ActiveActivityIds);
    }

    [Fact]
    public async Task Terminate_Parent_AlsoTerminatesCalledInstance()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixturesAsync(Folder + "CallActivityChild.bpmn", Folder + "CallActivityPlain.bpmn");
        var parent = await h.StartAsync("parentPlain", new { amount = 1 });
        var child = await ChildOfAsync(h, parent.Id);

        await h.Engine.TerminateAsync(parent.Id, "admin");

        Assert.Equal("terminated", (await h.InstanceAsync(parent.Id)).State);
        Assert.Equal("terminated", (await h.InstanceAsync(child.Id)).State);
        Assert.Empty(await h.TasksAsync(child.Id));
    }

    [Theory]
    [InlineData(null, 2, "childTaskV2")]
    [InlineData(1, 1, "childTask")]
    public async Task CallActivity_KeyAndVersionFromExpressions_StartsTheChosenVersion(int? version, int expectedVersion, string expectedTask)
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "CallActivityChild.bpmn");
        await h.Engine.DeployAsync(EngineHarness.ReadFixture(Folder + "CallActivityChild.bpmn").Replace("childTask", "childTaskV2", StringComparison.Ordinal));
        await h.DeployFixtureAsync(Folder + "CallActivityChosen.bpmn");

        var parent = await h.StartAsync("parentChosen", new { childKey = "child", childVersion = version });

        var child = await ChildOfAsync(h, parent.Id);
        Assert.Equal(expectedVersion, child.Version);
        Assert.Equal(expectedTask, (await h.SingleTaskAsync(child.Id)).ActivityId);
    }

    [Fact]
    public async Task CallActivity_ExpressionNamesAnUndeployedProcess_StartFailsNamingIt()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixturesAsync(Folder + "CallActivityChild.bpmn", Folder + "CallActivityChosen.bpmn");

        var missingKey = await Assert.ThrowsAsync<EngineValidationException>(() => h.StartAsync("parentChosen", new { childKey = "nosuch", childVersion = (int?)null }));
        var missingVersion = await Assert.ThrowsAsync<EngineValidationException>(() => h.StartAsync("parentChosen", new { childKey = "child", childVersion = 7 }));

        Assert.Contains("'nosuch'", missingKey.Message, StringComparison.Ordinal);
        Assert.Contains("version 7", missingVersion.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: "parentChosen")));
    }
}
