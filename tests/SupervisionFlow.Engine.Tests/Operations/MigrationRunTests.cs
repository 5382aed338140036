using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Tests.Persistence;
using SupervisionFlow.Engine.Tests.TestSupport;
using static SupervisionFlow.Engine.Tests.Operations.MigrationWorld;

namespace SupervisionFlow.Engine.Tests.Operations;

/// <summary>Refused plans and mappings change nothing; dry runs read only; runs go in chunks and skip what cannot migrate.</summary>
public sealed class MigrationRunTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Migrate_ActiveTaskMappedToReceiveTask_RefusedDatabaseUnchanged(TestDatabase database)
    {
        await using var h = await CreateAsync(database);
        var id = await AtDraftAsync(h);
        var plan = await PlanAsync(h);
        var wrong = plan with { ActivityMapping = new Dictionary<string, string>(plan.ActivityMapping) { ["draft"] = "wait" } };
        var snapshot = await EngineTables.SnapshotAsync(h);

        var error = await Assert.ThrowsAsync<EngineValidationException>(() => MigrateAsync(h, wrong, id));

        Assert.Equal((OperationErrorCodes.MigrationActivityIncompatible, "draft"), (error.Code, error.ElementId));
        Assert.Equal(snapshot, await EngineTables.SnapshotAsync(h));
    }

    [Fact]
    public async Task Migrate_InnerTaskMappedOutOfItsSubProcess_RefusedAsOtherScope()
    {
        await using var h = await CreateAsync();
        var id = await AtDraftAsync(h);
        var plan = await PlanAsync(h);
        var snapshot = await EngineTables.SnapshotAsync(h);
        var wrong = plan with { ActivityMapping = new Dictionary<string, string>(plan.ActivityMapping) { ["draft"] = "innerTask" } };

        var error = await Assert.ThrowsAsync<EngineValidationException>(() => MigrateAsync(h, wrong, id));

        Assert.Equal((OperationErrorCodes.MigrationScopeMismatch, "draft"), (error.Code, error.ElementId));
        Assert.Equal(snapshot, await EngineTables.SnapshotAsync(h));
    }

    [Fact]
    public async Task Plan_VersionsOfDifferentProcesses_Refused()
    {
        await using var h = await CreateAsync();

        var error = await Assert.ThrowsAsync<EngineValidationException>(() =>
            h.Engine.DryRunMigrationAsync(new MigrationPlan(V1, "child:1", new Dictionary<string, string>())));

        Assert.Equal(OperationErrorCodes.MigrationPlanInvalid, error.Code);
    }

    [Fact]
    public async Task Propose_MapsEqualIds_NewStepAndStartEndLeftOut()
    {
        await using var h = await CreateAsync();

        var plan = await h.Engine.ProposeMigrationAsync(V1, V2);

        Assert.Equal("plan", plan.ActivityMapping["plan"]);
        Assert.Equal("guard", plan.ActivityMapping["guard"]);
        Assert.DoesNotContain("review", plan.ActivityMapping.Keys);
        Assert.DoesNotContain("start", plan.ActivityMapping.Keys);
    }

    [Fact]
    public async Task DryRun_OneUnmappedActivity_CountsAndNamesTheFailureChangesNothing()
    {
        await using var h = await CreateAsync();
        var atPlan = await StartV1Async(h);
        await AtDraftAsync(h);
        var plan = await PlanAsync(h);
        var withoutPlan = plan with { ActivityMapping = plan.ActivityMapping.Where(m => m.Key != "plan").ToDictionary() };
        var snapshot = await EngineTables.SnapshotAsync(h);

        var dryRun = await h.Engine.DryRunMigrationAsync(withoutPlan);

        Assert.Equal((2, 1), (dryRun.Instances, dryRun.Migratable));
        var failure = Assert.Single(dryRun.Failures);
        Assert.Equal((atPlan, OperationErrorCodes.MigrationActivityUnmapped, "plan"), (failure.ProcessInstanceId, failure.Code, failure.ElementId));
        Assert.Equal(snapshot, await EngineTables.SnapshotAsync(h));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Run_InChunks_MigratesTheRestSkipsAndReportsTheFailed(TestDatabase database)
    {
        await using var h = await CreateAsync(database);
        var atPlan = await StartV1Async(h);
        var atDraft = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            atDraft.Add(await AtDraftAsync(h));
        }
        var plan = await PlanAsync(h);
        var withoutPlan = plan with { ActivityMapping = plan.ActivityMapping.Where(m => m.Key != "plan").ToDictionary() };
        var leftBehind = await RowAsync(h, atPlan);
        var progress = new List<MigrationProgress>();
        var migratedHook = new List<string>();

        var result = await h.Engine.MigrateAsync(withoutPlan, new MigrationRunOptions
        {
            ChunkSize = 2,
            UserId = "admin",
            OnMigrated = (_, m) => migratedHook.Add(m.ProcessInstanceId),
            OnProgress = (p, _) =>
            {
                progress.Add(p);
                return Task.CompletedTask;
            },
        });

        Assert.Equal(5, result.Instances);
        Assert.Equal(atDraft.Order(StringComparer.Ordinal), result.Migrated.Select(m => m.ProcessInstanceId).Order(StringComparer.Ordinal));
        Assert.Equal(atPlan, Assert.Single(result.Failures).ProcessInstanceId);
        Assert.Equal(atDraft.Order(StringComparer.Ordinal), migratedHook.Order(StringComparer.Ordinal));
        Assert.Equal([2, 4, 5], progress.Select(p => p.Processed));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(leftBehind), System.Text.Json.JsonSerializer.Serialize(await RowAsync(h, atPlan)));
        foreach (var id in atDraft)
        {
            Assert.Equal(V2, (await h.InstanceAsync(id)).DefinitionId);
        }

        // A second run finds only the one left behind.
        Assert.Equal(1, (await h.Engine.DryRunMigrationAsync(plan)).Instances);
    }

    private static async Task<ProcessInstanceRecord> RowAsync(EngineHarness h, string id)
    {
        await using var db = h.CreateDbContext();
        return await db.Set<ProcessInstanceRecord>().AsNoTracking().SingleAsync(r => r.Id == id);
    }
}
