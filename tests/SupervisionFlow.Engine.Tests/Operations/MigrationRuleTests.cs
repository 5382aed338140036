using SupervisionFlow.Engine.Tests.TestSupport;
using static SupervisionFlow.Engine.Tests.Operations.MigrationWorld;

namespace SupervisionFlow.Engine.Tests.Operations;

/// <summary>One test per migration rule: what an active activity of each kind keeps, takes from the target and never repeats.</summary>
public sealed class MigrationRuleTests
{
    [Theory, SqliteData, PostgresData]
    public async Task ActiveUserTask_KeepsIdAssigneeDue_TakesTargetNameFormGroups(TestDatabase database)
    {
        await using var h = await CreateAsync(database);
        var id = await StartV1Async(h);
        var before = await h.SingleTaskAsync(id, "plan");
        await h.Engine.ClaimTaskAsync(before.Id, "li");
        h.Clock.Advance(TimeSpan.FromDays(1));

        var migrated = await MigrateAsync(h, await PlanAsync(h), id);

        Assert.Equal(V2, migrated.TargetDefinitionId);
        var instance = await h.InstanceAsync(id);
        Assert.Equal((V2, 2), (instance.DefinitionId, instance.Version));
        var after = await h.SingleTaskAsync(id, "plan");
        Assert.Equal((before.Id, "li", before.DueAt), (after.Id, after.Assignee, after.DueAt));
        Assert.Equal(("三定（新）", "form:v2"), (after.Name, after.FormKey));
        Assert.Equal(["office", "unit"], after.CandidateGroups.Order(StringComparer.Ordinal));
        var entry = Assert.Single(await h.Engine.GetHistoryAsync(id), x => x.ActivityType == "migration");
        Assert.Equal("admin", entry.CompletedBy);
        Assert.Equal("三定（新）", (await h.Engine.GetHistoryAsync(id)).Single(x => x.ActivityId == "plan").ActivityName);
    }

    [Fact]
    public async Task ActiveUserTask_RecomputeDueDates_DueFromTargetCountedFromNow()
    {
        await using var h = await CreateAsync();
        var id = await StartV1Async(h);
        h.Clock.Advance(TimeSpan.FromDays(1));

        await MigrateAsync(h, await PlanAsync(h, recompute: true), id);

        Assert.Equal(h.Clock.GetUtcNow().UtcDateTime.AddDays(7), (await h.SingleTaskAsync(id, "plan")).DueAt);
    }

    [Fact]
    public async Task TimerBoundary_MappedCarriedWithDueKept_TargetOnlyTimerAdded()
    {
        await using var h = await CreateAsync();
        var id = await AtDraftAsync(h);
        var guard = Assert.Single(await TimersAsync(h, id));
        h.Clock.Advance(TimeSpan.FromDays(1));

        var migrated = await MigrateAsync(h, await PlanAsync(h), id);

        Assert.Equal((1, 0, 1), (migrated.TimersKept, migrated.TimersRemoved, migrated.TimersCreated));
        var timers = await TimersAsync(h, id);
        Assert.Equal(["guard", "remind"], timers.Select(t => t.ActivityId));
        Assert.Equal((guard.Id, guard.DueAt), (timers[0].Id, timers[0].DueAt));
        Assert.Equal(h.Clock.GetUtcNow().UtcDateTime.AddDays(3), timers[1].DueAt);

        // The carried guard fires as version 2 defines it; the reminder too.
        await h.AdvanceAndFireAsync(TimeSpan.FromDays(10));
        Assert.Equal(["draft", "escalate"], await h.TaskActivityIdsAsync(id));
        Assert.Contains("reminded", await h.HistoryActivityIdsAsync(id));
    }

    [Fact]
    public async Task TimerBoundary_RecomputeDueDates_GuardCountsTargetPeriodFromNow()
    {
        await using var h = await CreateAsync();
        var id = await AtDraftAsync(h);
        h.Clock.Advance(TimeSpan.FromDays(1));

        await MigrateAsync(h, await PlanAsync(h, recompute: true), id);

        Assert.Equal(h.Clock.GetUtcNow().UtcDateTime.AddDays(20), (await TimersAsync(h, id))[0].DueAt);
    }

    [Fact]
    public async Task TimerBoundary_NotInTarget_Removed()
    {
        await using var h = await CreateAsync();
        var id = await AtDraftAsync(h);

        var migrated = await MigrateAsync(h, await PlanAsync(h, V3), id);

        Assert.Equal(1, migrated.TimersRemoved);
        Assert.Empty(await h.Engine.GetTimersAsync(id));
        await h.AdvanceAndFireAsync(TimeSpan.FromDays(40));
        Assert.Equal(["draft"], await h.TaskActivityIdsAsync(id));
    }

    [Theory, SqliteData, PostgresData]
    public async Task ParallelBranches_TokenAtJoinAndReceiveTask_JoinOnTargetNewStepNext(TestDatabase database)
    {
        await using var h = await CreateAsync(database);
        var id = await StartV1Async(h);
        await h.CompleteAsync(id, "plan");
        Assert.Equal(["join", "wait"], (await h.InstanceAsync(id)).ActiveActivityIds.Order(StringComparer.Ordinal));

        await MigrateAsync(h, await PlanAsync(h), id);

        // Version 2 renamed the receipt message: the old name no longer reaches the instance, the new one does.
        Assert.Equal(0, await h.Engine.CorrelateMessageAsync("receipt", processInstanceId: id));
        Assert.Equal(1, await h.Engine.CorrelateMessageAsync("receipt2", processInstanceId: id));
        Assert.Equal(["review"], await h.TaskActivityIdsAsync(id));
        Assert.Equal(["plan"], await CompletedStepsAsync(h, id));
    }

    [Fact]
    public async Task MultiInstance_ItemsKeepTasksAndCounters_TargetGroupsThenCompletes()
    {
        await using var h = await CreateAsync();
        var id = await AtDraftAsync(h);
        await h.CompleteAsync(id, "draft");
        var before = await h.TasksAsync(id, "opinions");

        await MigrateAsync(h, await PlanAsync(h), id);

        var after = (await h.TasksAsync(id, "opinions")).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(before.Select(t => t.Id).Order(StringComparer.Ordinal), after.Select(t => t.Id));
        Assert.All(after, t => Assert.Equal("会办意见（新）", t.Name));
        Assert.Equal(["a,office", "b,office"], after.Select(t => string.Join(',', t.CandidateGroups.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));
        await h.Engine.CompleteTaskAsync(after[0].Id, null);
        Assert.Single(await h.TasksAsync(id, "opinions"));
        await h.Engine.CompleteTaskAsync(after[1].Id, null);
        Assert.Equal(["childTask"], (await h.Engine.FindTasksAsync(new Queries.TaskQuery(BusinessKey: "bk"))).Select(t => t.ActivityId));
    }

    [Fact]
    public async Task CallActivity_CalledInstanceUntouched_CallerResumesOnTarget()
    {
        await using var h = await CreateAsync();
        var id = await AtDraftAsync(h);
        await h.CompleteAsync(id, "draft");
        foreach (var task in await h.TasksAsync(id, "opinions"))
        {
            await h.Engine.CompleteTaskAsync(task.Id, null);
        }
        var child = Assert.Single(await h.Engine.FindTasksAsync(new Queries.TaskQuery(ActivityId: "childTask")));

        await MigrateAsync(h, await PlanAsync(h), id);

        Assert.Equal("child:1", (await h.InstanceAsync(child.ProcessInstanceId)).DefinitionId);
        await h.Engine.CompleteTaskAsync(child.Id, null);
        var inner = await h.SingleTaskAsync(id, "innerTask");
        Assert.Equal("内部（新）", inner.Name);
        await h.Engine.CompleteTaskAsync(inner.Id, null);
        Assert.Equal("completed", (await h.InstanceAsync(id)).State);
        Assert.Equal(["plan", "draft", "opinions", "opinions", "innerTask"], await CompletedStepsAsync(h, id));
    }

    [Fact]
    public async Task SubProcessScope_InnerTaskAndScopeMapped_Migrates()
    {
        await using var h = await CreateAsync();
        var id = await AtDraftAsync(h);
        await h.CompleteAsync(id, "draft");
        foreach (var task in await h.TasksAsync(id, "opinions"))
        {
            await h.Engine.CompleteTaskAsync(task.Id, null);
        }
        await h.Engine.CompleteTaskAsync((await h.Engine.FindTasksAsync(new Queries.TaskQuery(ActivityId: "childTask"))).Single().Id, null);

        await MigrateAsync(h, await PlanAsync(h), id);

        Assert.Equal("内部（新）", (await h.SingleTaskAsync(id, "innerTask")).Name);
        await h.CompleteAsync(id, "innerTask");
        Assert.Equal("completed", (await h.InstanceAsync(id)).State);
    }
}
