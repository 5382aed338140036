using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Commands;

/// <summary>
/// A completion reads its task and instance in one statement and deletes the task it read without another query;
/// these tests hold the paths beside that one to the same outcome: a second task of an instance the command has
/// already loaded, and a task the command itself has just completed.
/// </summary>
public sealed class CompleteInOneUnitTests
{
    private const string Fixture = "Commands/CompleteInOneUnit.ParallelReview.bpmn";
    private const string Key = "parallelReview";

    [Theory, SqliteData, PostgresData]
    public async Task CompleteTask_BothParallelTasksInOneUnit_JoinReachedTasksAndCandidatesReplacedOnce(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync(Key);
        var legal = await h.SingleTaskAsync(instance.Id, "legal");
        var finance = await h.SingleTaskAsync(instance.Id, "finance");

        await using (var db = h.CreateDbContext())
        {
            await h.Engine.RunAsync(db, "clerk", async (unit, token) =>
            {
                await unit.CompleteTaskAsync(legal.Id, "clerk", EngineHarness.Json(new { legalOpinion = "ok" }), token);
                await unit.CompleteTaskAsync(finance.Id, "clerk", EngineHarness.Json(new { budget = 1200 }), token);
            });
        }

        var decide = Assert.Single(await h.TasksAsync(instance.Id));
        Assert.Equal("decide", decide.ActivityId);
        await using var check = h.CreateDbContext();
        var candidates = await check.Set<TaskCandidateRecord>().AsNoTracking().Select(c => new { c.TaskId, c.Value }).ToListAsync();
        Assert.Equal([(decide.Id, "office")], candidates.Select(c => (c.TaskId, c.Value)));
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        Assert.All(new[] { "legal", "finance" }, id =>
        {
            var row = Assert.Single(history, a => a.ActivityId == id);
            Assert.Equal("clerk", row.CompletedBy);
            Assert.NotNull(row.EndedAt);
        });
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("ok", EngineHarness.Text(view.Variables["legalOpinion"]));
        Assert.Equal(1200, EngineHarness.Number(view.Variables["budget"]));
    }

    [Theory, SqliteData, PostgresData]
    public async Task CompleteTask_SameTaskTwiceInOneUnit_SecondRefusedAndNothingSaved(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync(Key);
        var legal = await h.SingleTaskAsync(instance.Id, "legal");
        var before = await Persistence.EngineTables.SnapshotAsync(h);

        await using var db = h.CreateDbContext();
        var conflict = await Assert.ThrowsAsync<EngineConflictException>(() => h.Engine.RunAsync(db, "clerk", async (unit, token) =>
        {
            await unit.CompleteTaskAsync(legal.Id, "clerk", cancellationToken: token);
            await unit.CompleteTaskAsync(legal.Id, "clerk", cancellationToken: token);
        }));

        Assert.Equal(EngineErrorCodes.TaskAlreadyCompleted, conflict.Code);
        Assert.Equal(before, await Persistence.EngineTables.SnapshotAsync(h));
    }
}
