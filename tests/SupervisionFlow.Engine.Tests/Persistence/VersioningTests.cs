using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Issue #2: "Deploying a definition whose XML is unchanged creates no new version; a changed one creates version
/// n+1. Instances stay pinned to the version they started on" — also after the host restarts.
/// </summary>
public sealed class VersioningTests
{
    private const string Key = "versioning-review";

    [Theory, SqliteData, PostgresData]
    public async Task Instance_StartedOnV1_StaysOnV1AfterV2DeployAndRestart(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        var v1 = await h.DeployFixtureAsync("Persistence/Versioning.V1.bpmn");
        Assert.True(v1.Created);
        Assert.Equal(1, Assert.Single(v1.Definitions).Version);
        var onV1 = await h.StartAsync(Key);

        var v2 = await h.DeployFixtureAsync("Persistence/Versioning.V2.bpmn");
        var v2Again = await h.DeployFixtureAsync("Persistence/Versioning.V2.bpmn");
        Assert.True(v2.Created);
        Assert.Equal(2, Assert.Single(v2.Definitions).Version);
        Assert.False(v2Again.Created);
        Assert.Equal(2, Assert.Single(v2Again.Definitions).Version);
        var onV2 = await h.StartAsync(Key);

        var restarted = await h.NewEngineAsync();

        Assert.Equal([1, 2], (await restarted.GetDefinitionsAsync(Key)).Select(d => d.Version).Order());
        var pinned = (await restarted.GetInstanceAsync(onV1.Id))!;
        Assert.Equal((1, onV1.DefinitionId), (pinned.Version, pinned.DefinitionId));
        Assert.Equal(["review"], pinned.ActiveActivityIds);
        Assert.Equal(2, (await restarted.GetInstanceAsync(onV2.Id))!.Version);
        Assert.Equal(["triage"], await h.TaskActivityIdsAsync(onV2.Id));

        // v1 ends after review; v2 would go on to archive
        var review = Assert.Single(await restarted.FindTasksAsync(new(ProcessInstanceId: onV1.Id)));
        await restarted.CompleteTaskAsync(review.Id, "li.ming");
        Assert.Equal("completed", (await restarted.GetInstanceAsync(onV1.Id))!.State);
        Assert.Empty(await h.TasksAsync(onV1.Id));

        // an explicit older version still starts after the restart; the default is the latest
        var explicitV1 = await restarted.StartProcessAsync(Key, version: 1);
        Assert.Equal(1, explicitV1.Version);
        Assert.Equal(["review"], await h.TaskActivityIdsAsync(explicitV1.Id));
        var latest = await restarted.StartProcessAsync(Key);
        Assert.Equal(2, latest.Version);
        Assert.Equal(["triage"], await h.TaskActivityIdsAsync(latest.Id));
    }
}
