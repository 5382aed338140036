using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Issue #2: "a test that kills nothing but restarts the host mid-process (new host, same database) and finds tasks
/// and timers intact". Everything the first engine knew must come back from the database alone.
/// </summary>
public sealed class RestartTests
{
    private static readonly TimeSpan ThreeDays = TimeSpan.FromDays(3);

    [Theory, SqliteData, PostgresData]
    public async Task NewEngine_SameDatabase_FindsTaskAndTimerAndFinishesTheProcess(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixtureAsync("Persistence/Restart.TaskAndTimer.bpmn");
        var started = await h.Engine.StartProcessAsync(
            "restart-task-and-timer", "2026-0042", EngineHarness.Json(new { caseNo = "2026-0042", deadlineDays = 3 }));
        var draftBefore = await h.SingleTaskAsync(started.Id, "draft_reply");
        var timerBefore = Assert.Single(await h.Engine.GetTimersAsync(started.Id));

        var restarted = await h.NewEngineAsync();

        var instance = await restarted.GetInstanceAsync(started.Id);
        Assert.NotNull(instance);
        Assert.Equal("active", instance.State);
        Assert.Equal("2026-0042", instance.BusinessKey);
        Assert.Equal(new[] { "draft_reply", "wait_three_days" }, instance.ActiveActivityIds.Order(StringComparer.Ordinal));
        Assert.Equal("2026-0042", (string?)instance.Variables["caseNo"]);
        var draft = Assert.Single(await restarted.FindTasksAsync(new(ProcessInstanceId: started.Id)));
        Assert.Equal(
            (draftBefore.Id, draftBefore.ActivityId, draftBefore.Name, draftBefore.CreatedAt, draftBefore.BusinessKey),
            (draft.Id, draft.ActivityId, draft.Name, draft.CreatedAt, draft.BusinessKey));
        Assert.Equal(["office"], draft.CandidateGroups);
        var timer = Assert.Single(await restarted.GetTimersAsync(started.Id));
        Assert.Equal(timerBefore, timer);
        Assert.Equal("wait_three_days", timer.ActivityId);
        Assert.Equal((EngineHarness.StartTime + ThreeDays).UtcDateTime, timer.DueAt);

        await restarted.CompleteTaskAsync(draft.Id, "li.ming", EngineHarness.Json(new { reply = "draft v1" }));
        Assert.Empty(await restarted.FindTasksAsync(new(ProcessInstanceId: started.Id)));
        h.Clock.Advance(ThreeDays - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await restarted.FireDueJobsAsync());
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await restarted.FireDueJobsAsync());

        var review = Assert.Single(await restarted.FindTasksAsync(new(ProcessInstanceId: started.Id)));
        Assert.Equal("review", review.ActivityId);
        Assert.Empty(await restarted.GetTimersAsync(started.Id));
        var history = await restarted.GetHistoryAsync(started.Id);
        var draftHistory = Assert.Single(history, a => a.ActivityId == "draft_reply");
        Assert.Equal("li.ming", draftHistory.CompletedBy);
        Assert.Equal(EngineHarness.StartTime.UtcDateTime, draftHistory.EndedAt);
        Assert.Equal((EngineHarness.StartTime + ThreeDays).UtcDateTime, Assert.Single(history, a => a.ActivityId == "wait_three_days").EndedAt);
        var variables = (await restarted.GetInstanceAsync(started.Id))!.Variables;
        Assert.Equal("draft v1", (string?)variables["reply"]);

        await restarted.CompleteTaskAsync(review.Id, "zhang.wei");
        Assert.Equal("completed", (await restarted.GetInstanceAsync(started.Id))!.State);
    }
}
