using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Operations;

public sealed class InstanceModificationTests
{
    private const string Fixture = "Operations/Steps.bpmn";

    private static async Task<T> RunAsync<T>(EngineHarness h, Func<EngineUnitOfWork, CancellationToken, Task<T>> body)
    {
        await using var db = h.CreateDbContext();
        return await h.Engine.RunAsync(db, "office", body);
    }

    private static async Task<(EngineHarness Harness, string InstanceId)> AtDraftAsync(TestDatabase database = TestDatabase.Sqlite)
    {
        var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync("steps", new { units = new[] { "a", "b" } });
        await h.CompleteAsync(instance.Id, "plan");
        return (h, instance.Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task MoveTask_BackToCompletedStep_StepRunsAgainAndBoundaryTimerGoes(TestDatabase database)
    {
        var (h, id) = await AtDraftAsync(database);
        await using var _ = h;
        var draft = await h.SingleTaskAsync(id, "draft");
        Assert.Single(await h.Engine.GetTimersAsync(id));

        var move = await RunAsync(h, (u, t) => u.MoveTaskAsync(draft.Id, "plan", t));

        Assert.Equal(("draft", "plan", 1), (move.FromActivityId, move.ToActivityId, move.Tokens));
        Assert.Equal(["plan"], await h.TaskActivityIdsAsync(id));
        Assert.Empty(await h.Engine.GetTimersAsync(id));
        var history = await h.Engine.GetHistoryAsync(id);
        Assert.True(Assert.Single(history, x => x.ActivityId == "draft").Canceled);
        Assert.Equal(2, history.Count(x => x.ActivityId == "plan"));
        await Assert.ThrowsAsync<EngineConflictException>(() => h.Engine.CompleteTaskAsync(draft.Id, null));
    }

    [Fact]
    public async Task Skip_UserTask_TakesOutgoingFlowsAndRecordsCancelled()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;

        await RunAsync(h, (u, t) => u.SkipAsync(id, "draft", cancellationToken: t));

        Assert.Equal(["opinions", "opinions"], await h.TaskActivityIdsAsync(id));
        Assert.Empty(await h.Engine.GetTimersAsync(id));
        Assert.True((await h.Engine.GetHistoryAsync(id)).Single(x => x.ActivityId == "draft").Canceled);
    }

    [Fact]
    public async Task SkipTask_OneMultiInstanceItem_CountsAsDoneOtherStays()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;
        await h.CompleteAsync(id, "draft");
        var tasks = await h.TasksAsync(id, "opinions");
        Assert.Equal(2, tasks.Count);

        await RunAsync(h, (u, t) => u.SkipTaskAsync(tasks[0].Id, t));
        Assert.Equal(["opinions"], await h.TaskActivityIdsAsync(id));
        await h.Engine.CompleteTaskAsync(tasks[1].Id, null);

        Assert.Equal(["sign"], await h.TaskActivityIdsAsync(id));
    }

    [Fact]
    public async Task Move_MultiInstanceItem_RefusedNothingChanged()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;
        await h.CompleteAsync(id, "draft");
        var item = (await h.TasksAsync(id, "opinions"))[0];

        var error = await Assert.ThrowsAsync<EngineValidationException>(() => RunAsync(h, (u, t) => u.MoveTaskAsync(item.Id, "draft", t)));

        Assert.Equal(OperationErrorCodes.MultiInstanceItemNotMovable, error.Code);
        Assert.Equal(2, (await h.TasksAsync(id, "opinions")).Count);
    }

    [Fact]
    public async Task Move_WholeMultiInstanceActivity_BackToDraft()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;
        await h.CompleteAsync(id, "draft");

        await RunAsync(h, (u, t) => u.MoveAsync(id, "opinions", "draft", cancellationToken: t));

        Assert.Equal(["draft"], await h.TaskActivityIdsAsync(id));
        await h.CompleteAsync(id, "draft");
        Assert.Equal(2, (await h.TasksAsync(id, "opinions")).Count);
    }

    [Fact]
    public async Task Move_IntoSubProcess_RefusedAsOtherScopeNothingChanged()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;
        var before = (await h.InstanceAsync(id)).ActiveActivityIds;

        var error = await Assert.ThrowsAsync<EngineValidationException>(() => RunAsync(h, (u, t) => u.MoveAsync(id, "draft", "innerTask", cancellationToken: t)));

        Assert.Equal(OperationErrorCodes.TargetInOtherScope, error.Code);
        Assert.Equal(before, (await h.InstanceAsync(id)).ActiveActivityIds);
        Assert.Single(await h.Engine.GetTimersAsync(id));
    }

    [Fact]
    public async Task Move_NoTokenThere_Refused()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;

        var error = await Assert.ThrowsAsync<EngineConflictException>(() => RunAsync(h, (u, t) => u.MoveAsync(id, "sign", "plan", cancellationToken: t)));

        Assert.Equal(OperationErrorCodes.NoTokenAtActivity, error.Code);
    }

    [Fact]
    public async Task ChangeTaskDue_OpenTask_NewDueKeptOldReturned()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;
        var draft = await h.SingleTaskAsync(id, "draft");
        var newDue = EngineHarness.StartTime.UtcDateTime.AddDays(45);

        var change = await RunAsync(h, (u, t) => u.ChangeTaskDueAsync(draft.Id, newDue, t));

        Assert.Equal(EngineHarness.StartTime.UtcDateTime.AddDays(30), change.OldDueAt);
        Assert.Equal(newDue, (await h.SingleTaskAsync(id, "draft")).DueAt);
    }

    [Fact]
    public async Task ChangeTimerDue_Earlier_FiresAtNewTimeNotBefore()
    {
        var (h, id) = await AtDraftAsync();
        await using var _ = h;
        var timer = Assert.Single(await h.Engine.GetTimersAsync(id));

        await RunAsync(h, (u, t) => u.ChangeTimerDueAsync(timer.Id, EngineHarness.StartTime.UtcDateTime.AddDays(2), t));

        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));
        Assert.Contains("escalate", await h.TaskActivityIdsAsync(id));
    }
}
