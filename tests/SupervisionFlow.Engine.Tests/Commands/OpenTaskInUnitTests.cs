using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Commands;

/// <summary>
/// A form submission reads its task inside the command (<see cref="EngineUnitOfWork.GetOpenTaskAsync"/>) instead of
/// through a second DbContext: the view must be the one <see cref="ProcessEngine.GetTaskAsync"/> gives, the completion
/// that follows must work on the rows it left tracked, and a task that is no longer open is refused with its code.
/// </summary>
public sealed class OpenTaskInUnitTests
{
    private const string Fixture = "Commands/CompleteInOneUnit.ParallelReview.bpmn";
    private const string Key = "parallelReview";

    [Theory, SqliteData, PostgresData]
    public async Task GetOpenTask_ThenCompleteInTheSameUnit_ViewAsTheEngineShowsItAndTheTaskCompletes(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync(Key, new { suggestionId = 7, title = "关于公交线路的建议" }, businessKey: "7");
        var legal = await h.SingleTaskAsync(instance.Id, "legal");

        TaskViewSnapshot? inUnit = null;
        await using (var db = h.CreateDbContext())
        {
            await h.Engine.RunAsync(db, "clerk", async (unit, token) =>
            {
                inUnit = TaskViewSnapshot.Of(await unit.GetOpenTaskAsync(legal.Id, token));
                await unit.CompleteTaskAsync(legal.Id, "clerk", EngineHarness.Json(new { legalOpinion = "ok" }), token);
            });
        }

        Assert.Equal(TaskViewSnapshot.Of(legal), inUnit);
        Assert.Equal(["legal", "office"], inUnit!.Groups);
        Assert.Equal("关于公交线路的建议", inUnit.Variables["title"]);
        Assert.Equal("finance", Assert.Single(await h.TasksAsync(instance.Id)).ActivityId);
        Assert.Equal("ok", EngineHarness.Text((await h.InstanceAsync(instance.Id)).Variables["legalOpinion"]));
    }

    [Theory, SqliteData, PostgresData]
    public async Task GetOpenTask_CompletedOrUnknownTask_RefusedWithItsCode(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync(Key);
        var legal = await h.SingleTaskAsync(instance.Id, "legal");
        await h.Engine.CompleteTaskAsync(legal.Id, "someone-else");

        await using var db = h.CreateDbContext();
        var completed = await Assert.ThrowsAsync<EngineConflictException>(() => h.Engine.RunAsync(db, "clerk", async (unit, token) =>
        {
            await unit.GetOpenTaskAsync(legal.Id, token);
            return true;
        }));
        var unknown = await Assert.ThrowsAnyAsync<EngineException>(() => h.Engine.RunAsync(db, "clerk", async (unit, token) =>
        {
            await unit.GetOpenTaskAsync("no-such-task", token);
            return true;
        }));

        Assert.Equal(EngineErrorCodes.TaskAlreadyCompleted, completed.Code);
        Assert.Equal(EngineErrorCodes.TaskNotFound, unknown.Code);
    }

    /// <summary>The parts of a task view that can be compared by value (lists and JSON are references).</summary>
    private sealed record TaskViewSnapshot(
        string Id, string? Name, string ActivityId, string ProcessInstanceId, string? BusinessKey, string? Assignee, string Groups0, string Users0,
        DateTime? DueAt, int Priority, string? FormKey, DateTime CreatedAt, string VariablesJson, int FormFields)
    {
        public IReadOnlyList<string> Groups => Groups0.Split(',');

        public IReadOnlyDictionary<string, string?> Variables =>
            (System.Text.Json.Nodes.JsonNode.Parse(VariablesJson) as System.Text.Json.Nodes.JsonObject ?? [])
            .ToDictionary(p => p.Key, p => p.Value?.ToString());

        public static TaskViewSnapshot Of(Queries.TaskView t) => new(
            t.Id, t.Name, t.ActivityId, t.ProcessInstanceId, t.BusinessKey, t.Assignee, string.Join(',', t.CandidateGroups), string.Join(',', t.CandidateUsers),
            t.DueAt, t.Priority, t.FormKey, t.CreatedAt, t.Variables.ToJsonString(), t.FormFields.Count);
    }
}
