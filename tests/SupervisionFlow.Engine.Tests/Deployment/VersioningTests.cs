using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Deployment;

public sealed class VersioningTests
{
    private const string V1 = "Deployment/Versioned.v1.bpmn";
    private const string V2 = "Deployment/Versioned.v2.bpmn";

    [Fact]
    public async Task Deploy_FirstTime_CreatesVersionOne()
    {
        await using var h = await EngineHarness.CreateAsync();

        var result = await h.DeployFixtureAsync(V1);

        Assert.True(result.Created);
        var definition = Assert.Single(result.Definitions);
        Assert.Equal("versioned", definition.Key);
        Assert.Equal(1, definition.Version);
        Assert.Equal("versioned:1", definition.Id);
        Assert.Equal("Versioned", definition.Name);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime, definition.DeployedAt);
        Assert.Equal(EngineHarness.ReadFixture(V1), await h.Engine.GetDefinitionXmlAsync(definition.Id));
    }

    [Fact]
    public async Task Deploy_IdenticalXmlTwice_NoNewVersion()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(V1);

        var again = await h.DeployFixtureAsync(V1);

        Assert.False(again.Created);
        Assert.Equal(1, Assert.Single(again.Definitions).Version);
        Assert.Single(await h.Engine.GetDefinitionsAsync("versioned"));
    }

    [Fact]
    public async Task Deploy_ChangedXml_CreatesVersionTwo()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(V1);

        var second = await h.DeployFixtureAsync(V2);

        Assert.True(second.Created);
        Assert.Equal(2, Assert.Single(second.Definitions).Version);
        Assert.Equal([1, 2], (await h.Engine.GetDefinitionsAsync("versioned")).Select(d => d.Version).Order());
        Assert.Equal(2, (await h.StartAsync("versioned")).Version);
    }

    [Fact]
    public async Task Instance_StartedOnV1_StaysOnV1ShapeAfterV2Deployed()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(V1);
        var old = await h.StartAsync("versioned");
        await h.DeployFixtureAsync(V2);
        var current = await h.StartAsync("versioned");

        await h.CompleteAsync(old.Id, "first");
        await h.CompleteAsync(current.Id, "first");

        var oldView = await h.InstanceAsync(old.Id);
        Assert.Equal(1, oldView.Version);
        Assert.Equal("versioned:1", oldView.DefinitionId);
        Assert.Equal("completed", oldView.State);
        var currentView = await h.InstanceAsync(current.Id);
        Assert.Equal(2, currentView.Version);
        Assert.Equal(["second"], currentView.ActiveActivityIds);
    }

    [Fact]
    public async Task Start_ExplicitOldVersion_RunsThatVersion()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(V1);
        await h.DeployFixtureAsync(V2);

        var instance = await h.Engine.StartProcessAsync("versioned", version: 1);

        Assert.Equal(1, instance.Version);
        await h.CompleteAsync(instance.Id, "first");
        Assert.Equal("completed", (await h.InstanceAsync(instance.Id)).State);
        await Assert.ThrowsAsync<EngineNotFoundException>(() => h.Engine.StartProcessAsync("versioned", version: 3));
    }

    [Fact]
    public async Task Deploy_V1AgainAfterV2_CreatesVersionThree()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(V1);
        await h.DeployFixtureAsync(V2);

        var third = await h.DeployFixtureAsync(V1);

        // unchanged means "same as the latest version": going back is a change
        Assert.True(third.Created);
        Assert.Equal(3, Assert.Single(third.Definitions).Version);
    }

    [Fact]
    public async Task Deploy_TwoProcessFileAgainAfterOneOfItsProcessesChangedElsewhere_CreatesAVersionOfThatProcessOnly()
    {
        await using var h = await EngineHarness.CreateAsync();
        var both = TwoProcesses("first");
        await h.Engine.DeployAsync(both);
        // another file moves "beta" on: "alpha" still has the two-process file as its latest version, "beta" does not
        await h.Engine.DeployAsync(TwoProcesses("changed").Replace("<process id=\"alpha\"", "<process id=\"gamma\"", StringComparison.Ordinal));

        var again = await h.Engine.DeployAsync(both);

        Assert.True(again.Created);
        Assert.Equal([("alpha", 1), ("beta", 3)], again.Definitions.Select(d => (d.Key, d.Version)).Order());
        var unchanged = await h.Engine.DeployAsync(both);
        Assert.False(unchanged.Created);
        Assert.Equal([("alpha", 1), ("beta", 3)], unchanged.Definitions.Select(d => (d.Key, d.Version)).Order());
    }

    private static string TwoProcesses(string taskName) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://supervisionflow.test">
          <process id="alpha" isExecutable="true">
            <startEvent id="a_start" />
            <sequenceFlow id="a_f1" sourceRef="a_start" targetRef="a_end" />
            <endEvent id="a_end" />
          </process>
          <process id="beta" isExecutable="true">
            <startEvent id="b_start" />
            <sequenceFlow id="b_f1" sourceRef="b_start" targetRef="b_task" />
            <userTask id="b_task" name="{taskName}" />
            <sequenceFlow id="b_f2" sourceRef="b_task" targetRef="b_end" />
            <endEvent id="b_end" />
          </process>
        </definitions>
        """;
}
