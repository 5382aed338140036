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
}
