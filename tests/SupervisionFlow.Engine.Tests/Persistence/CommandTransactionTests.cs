using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Issue #2: "One command = one transaction: instance state, variables (JSON), tasks, timers, message subscriptions
/// and history rows commit together or not at all." A command that fails after it has already changed things in
/// memory (ended a task, set variables, cancelled a timer) must leave every engine row as it was.
/// </summary>
public sealed class CommandTransactionTests
{
    private const string FailingCondition = "Persistence/CommandTransaction.FailingCondition.bpmn";
    private const string FormValidation = "Persistence/CommandTransaction.FormValidation.bpmn";

    [Theory, SqliteData, PostgresData]
    public async Task CompleteTask_GatewayConditionThrowsAfterTheTaskEnded_ChangesNothing(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync(FailingCondition);
        var instance = await h.StartAsync("command-transaction-failing-condition", new { applicant = "Wang" });
        var review = await h.SingleTaskAsync(instance.Id, "review");
        var timerBefore = Assert.Single(await h.Engine.GetTimersAsync(instance.Id));
        var historyBefore = await h.Engine.GetHistoryAsync(instance.Id);
        var before = await EngineTables.SnapshotAsync(h);

        // no `score`: ${score >= 3} throws a ReferenceError at gw_score, after review has been ended
        var refused = await Record.ExceptionAsync(() =>
            h.Engine.CompleteTaskAsync(review.Id, "li.ming", EngineHarness.Json(new { comment = "looks fine" })));

        Assert.Equal(before, await EngineTables.SnapshotAsync(h));
        // a refusal the caller can read (an engine error naming the expression), not a raw interpreter exception
        Assert.IsAssignableFrom<EngineException>(refused);
        Assert.Contains("score", refused.Message, StringComparison.Ordinal);
        var task = await h.SingleTaskAsync(instance.Id);
        Assert.Equal((review.Id, "review"), (task.Id, task.ActivityId));
        var after = await h.InstanceAsync(instance.Id);
        Assert.Equal("active", after.State);
        Assert.False(after.Variables.ContainsKey("comment"));
        Assert.Equal("Wang", (string?)after.Variables["applicant"]);
        Assert.Equal(timerBefore, Assert.Single(await h.Engine.GetTimersAsync(instance.Id)));
        Assert.Equal(historyBefore, await h.Engine.GetHistoryAsync(instance.Id));
        Assert.Null(Assert.Single(historyBefore, a => a.ActivityId == "review").EndedAt);

        // the same task still completes once the input is right: the refusal above was not a broken fixture
        await h.Engine.CompleteTaskAsync(review.Id, "li.ming", EngineHarness.Json(new { comment = "looks fine", score = 4 }));
        Assert.Equal(["approve"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
        Assert.Equal("looks fine", (string?)(await h.InstanceAsync(instance.Id)).Variables["comment"]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task CompleteTask_RequiredFormFieldMissing_ChangesNothing(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync(FormValidation);
        var instance = await h.StartAsync("command-transaction-form-validation");
        var assess = await h.SingleTaskAsync(instance.Id, "assess");
        var before = await EngineTables.SnapshotAsync(h);

        var refused = await Assert.ThrowsAsync<EngineValidationException>(() =>
            h.Engine.CompleteTaskAsync(assess.Id, "li.ming", EngineHarness.Json(new { outcome = "accepted", note = "no score given" })));

        Assert.Contains("score", refused.FieldErrors.Keys);
        Assert.Equal(before, await EngineTables.SnapshotAsync(h));
        Assert.Equal(assess.Id, (await h.SingleTaskAsync(instance.Id)).Id);
        var variables = (await h.InstanceAsync(instance.Id)).Variables;
        Assert.False(variables.ContainsKey("outcome"));
        Assert.False(variables.ContainsKey("note"));
        Assert.Equal("assess_deadline", Assert.Single(await h.Engine.GetTimersAsync(instance.Id)).ActivityId);

        await h.Engine.CompleteTaskAsync(assess.Id, "li.ming", EngineHarness.Json(new { score = 4, outcome = "accepted" }));
        Assert.Equal(["publish"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Empty(await h.Engine.GetTimersAsync(instance.Id));
    }
}
