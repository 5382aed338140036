using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Operations;

public sealed class TaskDelegationTests
{
    private static async Task<T> RunAsync<T>(EngineHarness h, string user, Func<EngineUnitOfWork, CancellationToken, Task<T>> body)
    {
        await using var db = h.CreateDbContext();
        return await h.Engine.RunAsync(db, user, body);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Delegate_ThenResolve_OwnerGetsTaskBackAndCompletes(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync("Operations/Steps.bpmn");
        var instance = await h.StartAsync("steps", new { units = new[] { "a" } });
        var plan = await h.SingleTaskAsync(instance.Id, "plan");
        await h.Engine.ClaimTaskAsync(plan.Id, "liu");

        var delegated = await RunAsync(h, "liu", (u, t) => u.DelegateAsync(plan.Id, "wang", "liu", t));
        Assert.Equal(("liu", "wang", TaskDelegation.Pending), (delegated.Owner, delegated.To, delegated.DelegationState));
        var refused = await Assert.ThrowsAsync<EngineConflictException>(() => h.Engine.CompleteTaskAsync(plan.Id, "wang"));
        Assert.Equal(OperationErrorCodes.DelegatedTaskNotCompletable, refused.Code);
        await Assert.ThrowsAsync<EngineConflictException>(() => RunAsync(h, "zhao", (u, t) => u.ResolveAsync(plan.Id, "zhao", cancellationToken: t)));

        var resolved = await RunAsync(h, "wang", (u, t) => u.ResolveAsync(plan.Id, "wang", EngineHarness.Json(new { draft = "初稿" }), t));

        Assert.Equal(("liu", TaskDelegation.Resolved), (resolved.To, resolved.DelegationState));
        Assert.Equal("liu", (await h.SingleTaskAsync(instance.Id, "plan")).Assignee);
        Assert.Equal("初稿", EngineHarness.Text((await h.InstanceAsync(instance.Id)).Variables["draft"]));
        await h.Engine.CompleteTaskAsync(plan.Id, "liu");
        Assert.Equal(["draft"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task Transfer_ReplacesAssigneeAndEndsDelegation()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Operations/Steps.bpmn");
        var instance = await h.StartAsync("steps", new { units = new[] { "a" } });
        var plan = await h.SingleTaskAsync(instance.Id, "plan");
        await RunAsync(h, "liu", (u, t) => u.DelegateAsync(plan.Id, "wang", "liu", t));

        var handOver = await RunAsync(h, "head", (u, t) => u.TransferAsync(plan.Id, "zhao", t));

        Assert.Equal(("wang", "zhao", null, null), (handOver.From, handOver.To, handOver.Owner, handOver.DelegationState));
        await h.Engine.CompleteTaskAsync(plan.Id, "zhao");
    }

    [Fact]
    public async Task ReplaceCandidateGroup_MultiInstanceItem_TaskAndLocalVariableFollowNewGroup()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Operations/Steps.bpmn");
        var instance = await h.StartAsync("steps", new { units = new[] { "a", "b" } });
        await h.CompleteAsync(instance.Id, "plan");
        await h.CompleteAsync(instance.Id, "draft");
        var itemA = (await h.TasksAsync(instance.Id, "opinions")).Single(t => t.CandidateGroups.Contains("a"));

        await RunAsync(h, "office", (u, t) => u.ReplaceCandidateGroupAsync(itemA.Id, "a", "c", EngineHarness.Json(new { unit = "c" }), t));

        var moved = await h.Engine.GetTaskAsync(itemA.Id);
        Assert.Equal(["c"], moved!.CandidateGroups);
        Assert.Equal("c", EngineHarness.Text(moved.Variables["unit"]));
        Assert.Equal(["b", "c"], (await h.TasksAsync(instance.Id, "opinions")).SelectMany(t => t.CandidateGroups).Order());
    }
}
