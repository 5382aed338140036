using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Scheduling;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;
using static SupervisionFlow.Web.Tests.Scenarios.ScenarioWorld;

namespace SupervisionFlow.Web.Tests.Domain.Operations;

/// <summary>批量催办、延期、改交办单位 on the real host: preview, chunked runs from the stored run, refusals, a run stopped by a failed save and resumed.</summary>
public sealed class BulkOperationsTests
{
    private sealed record Outcomes(IReadOnlyList<BulkRunItem> Done, IReadOnlyList<BulkRunItem> Refused, IReadOnlyList<BulkRunItem> Failed);

    private static Task<T> BulkAsync<T>(ScenarioWorld w, Func<BulkOperations, Task<T>> work) =>
        w.WithScopeAsync(s => work(s.GetRequiredService<BulkOperations>()));

    private static Task<T> RunnerAsync<T>(ScenarioWorld w, Func<BulkRunner, Task<T>> work) =>
        w.WithScopeAsync(s => work(s.GetRequiredService<BulkRunner>()));

    /// <summary>Stores the run and works all its chunks in this scope (what the job does), then reads the outcomes.</summary>
    private static async Task<Outcomes> RunAsync(ScenarioWorld w, IReadOnlyList<int> ids, BulkRequest request, Actor? actor = null)
    {
        var run = await RunnerAsync(w, r => r.StartAsync(ids, request, actor ?? Office, CancellationToken.None));
        await RunnerAsync(w, async r =>
        {
            await r.ContinueAsync(run.Id, CancellationToken.None);
            return true;
        });
        var items = await ItemsAsync(w, run.Id);
        return new Outcomes(
            [.. items.Where(i => i.Outcome == BulkRunItem.Done)], [.. items.Where(i => i.Outcome == BulkRunItem.Refused)], [.. items.Where(i => i.Outcome == BulkRunItem.Failed)]);
    }

    private static Task<List<BulkRunItem>> ItemsAsync(ScenarioWorld w, long runId) =>
        w.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<BulkRunItem>().AsNoTracking().Where(i => i.BulkRunId == runId).OrderBy(i => i.Position).ToListAsync());

    private static Task<BulkRun> RunRowAsync(ScenarioWorld w, long runId) =>
        w.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<BulkRun>().AsNoTracking().SingleAsync(r => r.Id == runId));

    private static Task<ScenarioWorld> StartAsync(int chunkSize, TestPostgres? database = null, FailingSaveInterceptor? faults = null, int maxSelection = 10_000)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Operations:BulkMaxSelection"] = maxSelection.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Operations:BulkChunkSize"] = chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Background work would write rows of its own between the chunks; these tests are about the commands.
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Notifications:Reminders:Enabled"] = "false",
        };
        if (database is not null)
        {
            settings["Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:SupervisionFlow"] = database.ConnectionString;
        }
        return ScenarioWorld.StartAsync(settings, services =>
        {
            if (faults is not null)
            {
                services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(faults));
            }
        });
    }

    private static async Task<DateOnly?> VisitDueAsync(ScenarioWorld w, int id) =>
        (await w.TaskAsync(id, "visitBefore")).DueAt is { } due ? ChinaTime.DateOf(new DateTimeOffset(due, TimeSpan.Zero)) : null;

    [Fact]
    public async Task Extend_PreviewRefusesWithoutHandlingTask_ConfirmMovesOnlyAcceptedAndAudits()
    {
        await using var w = await StartAsync(chunkSize: 100);
        var first = await OperationsWorld.AtVisitBeforeAsync(w);
        var second = await OperationsWorld.AtVisitBeforeAsync(w);
        var inReview = (await w.SubmitAsync()).Id;
        var before = await VisitDueAsync(w, first);
        Assert.NotNull(before);
        var expected = w.Services.GetRequiredService<WorkingCalendar>().AddWorkingDays(before.Value, 5);
        var request = new BulkRequest(BulkAction.Extend, "代表集中视察，顺延拜访。", ExtendDays: 5);

        var plan = await BulkAsync(w, b => b.PlanAsync([first, second, inReview], request, Office, CancellationToken.None));

        Assert.Equal([first, second], plan.Accepted.Select(i => i.SuggestionId));
        var refused = Assert.Single(plan.Refused);
        Assert.Equal(inReview, refused.SuggestionId);
        Assert.StartsWith("没有承办单位的待办任务", refused.Refusal, StringComparison.Ordinal);
        Assert.Contains($"→ {expected:yyyy-MM-dd}", Assert.Single(plan.Accepted[0].Changes).Effect, StringComparison.Ordinal);
        // A preview writes nothing.
        Assert.Equal(before, await VisitDueAsync(w, first));

        var result = await RunAsync(w, [first, second, inReview], request);

        Assert.Equal([first, second], result.Done.Select(i => i.SuggestionId));
        Assert.Equal([inReview], result.Refused.Select(i => i.SuggestionId));
        Assert.Empty(result.Failed);
        Assert.Equal(expected, await VisitDueAsync(w, first));
        Assert.Equal(expected, await VisitDueAsync(w, second));
        Assert.Contains(await OperationsWorld.TimelineAsync(w, first, Office), t => t.What == "调整任务期限" && t.Detail!.Contains("代表集中视察，顺延拜访。（批量延期）", StringComparison.Ordinal));
        Assert.DoesNotContain(await OperationsWorld.AuditAsync(w, inReview), a => a.Action == InstanceOperations.TaskDueChanged);
    }

    [Fact]
    public async Task Run_TaskCompletedSincePreview_RefusedThenNotChanged()
    {
        await using var w = await StartAsync(chunkSize: 100);
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var request = new BulkRequest(BulkAction.Extend, "顺延。", ExtendTo: new DateOnly(2026, 9, 30));
        Assert.Single((await BulkAsync(w, b => b.PlanAsync([id], request, Office, CancellationToken.None))).Accepted);
        // Between preview and confirm the unit's process ends (terminated), so its task is gone.
        foreach (var instance in (await w.OpenTasksAsync(id, null)).Select(t => t.ProcessInstanceId).Distinct())
        {
            await w.Engine.TerminateAsync(instance);
        }

        var result = await RunAsync(w, [id], request);

        Assert.Empty(result.Done);
        Assert.Equal(id, Assert.Single(result.Refused).SuggestionId);
        Assert.DoesNotContain(await OperationsWorld.AuditAsync(w, id), a => a.Action == InstanceOperations.TaskDueChanged);
    }

    [Fact]
    public async Task Remind_TwoSuggestions_NoticeToUnitThroughOutboxOnTimeline_SameDayAgainRefused()
    {
        await using var w = await StartAsync(chunkSize: 1);
        var first = await OperationsWorld.AtVisitBeforeAsync(w);
        var second = await OperationsWorld.AtVisitBeforeAsync(w, "gaj");
        var request = new BulkRequest(BulkAction.Remind, "请于本周内完成办前拜访。");

        var result = await RunAsync(w, [first, second], request);

        Assert.Equal(2, result.Done.Count);
        var notices = await w.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DedupKey.StartsWith("bulk-remind:")).OrderBy(m => m.SuggestionId).ToListAsync());
        Assert.Equal([("jtj@example.gov.cn", first), ("gaj@example.gov.cn", second)], notices.Select(m => (m.To, m.SuggestionId!.Value)));
        Assert.Contains("催办说明：请于本周内完成办前拜访。", notices[0].Body, StringComparison.Ordinal);
        Assert.Contains(await OperationsWorld.TimelineAsync(w, second, Office), t => t.What == "催办" && t.Detail == "向 市公安局 催办“办前拜访”：请于本周内完成办前拜访。");

        var again = await BulkAsync(w, b => b.PlanAsync([first], request, Office, CancellationToken.None));

        Assert.StartsWith("今天已向 市交通运输局 催办过", Assert.Single(again.Refused).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeUnit_ToAnotherUnit_TaskMovesAndSameUnitRefused()
    {
        await using var w = await StartAsync(chunkSize: 100);
        var atJtj = await OperationsWorld.AtVisitBeforeAsync(w);
        var atGaj = await OperationsWorld.AtVisitBeforeAsync(w, "gaj");
        var request = new BulkRequest(BulkAction.ChangeUnit, "职能调整，改由公安局承办。", ToUnitId: "gaj");

        var result = await RunAsync(w, [atJtj, atGaj], request);

        Assert.Equal([atJtj], result.Done.Select(i => i.SuggestionId));
        Assert.Equal("已由 市公安局 承办。", Assert.Single(result.Refused).Note);
        Assert.Contains(Actor.UnitGroup("gaj"), (await w.TaskAsync(atJtj, "visitBefore")).CandidateGroups);
        Assert.Contains(await OperationsWorld.TimelineAsync(w, atJtj, Office), t => t.What == "改派承办单位");
    }

    [Fact]
    public async Task Plan_UnitOrDeputy_Forbidden_AndWrongRequestRefusedWhole()
    {
        await using var w = await StartAsync(chunkSize: 100);
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var request = new BulkRequest(BulkAction.Extend, "顺延。", ExtendDays: 3);

        await Assert.ThrowsAsync<HandlingForbiddenException>(() => BulkAsync(w, b => b.PlanAsync([id], request, Unit("jtj"), CancellationToken.None)));
        await Assert.ThrowsAsync<HandlingForbiddenException>(() => RunAsync(w, [id], request, Deputy(1)));
        await Assert.ThrowsAsync<HandlingValidationException>(() => BulkAsync(w, b => b.PlanAsync([id], request with { Reason = " " }, Office, CancellationToken.None)));
        await Assert.ThrowsAsync<HandlingValidationException>(() => BulkAsync(w, b => b.PlanAsync([id], request with { ExtendTo = new DateOnly(2026, 9, 1) }, Office, CancellationToken.None)));
        Assert.DoesNotContain(await OperationsWorld.AuditAsync(w, id), a => a.Action == InstanceOperations.TaskDueChanged);
    }

    [Fact]
    public async Task Selection_OverTheConfiguredLimit_RefusedWholeAndAllMatchingStopsOnePast()
    {
        await using var w = await StartAsync(chunkSize: 100, maxSelection: 2);
        List<int> ids = [(await w.SubmitAsync()).Id, (await w.SubmitAsync()).Id, (await w.SubmitAsync()).Id];

        var matching = await BulkAsync(w, b => b.SelectMatchingAsync(new Web.Features.Suggestions.SuggestionListFilter(null, null, null, null, null, false, false), Office, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<HandlingValidationException>(() => BulkAsync(w, b => b.PlanAsync(ids, new BulkRequest(BulkAction.Remind, null), Office, CancellationToken.None)));

        Assert.Equal(3, matching.Count);
        Assert.Equal("选择了 3 件，一次批量操作最多 2 件，请缩小筛选范围。", refused.Message);
    }

    [Fact]
    public Task Run_TwoRunnersAtOnce_EachChunkAppliedOnce_Sqlite() => TwoRunnersAsync(null);

    [PostgresFact]
    public async Task Run_TwoRunnersAtOnce_EachChunkAppliedOnce_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await TwoRunnersAsync(database);
    }

    /// <summary>A job retried while the request (or another job) still works the run: the chunk claims keep them apart.</summary>
    private static async Task TwoRunnersAsync(TestPostgres? database)
    {
        await using var w = await StartAsync(chunkSize: 1, database);
        List<int> ids = [];
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await OperationsWorld.AtVisitBeforeAsync(w));
        }
        var run = await RunnerAsync(w, r => r.StartAsync(ids, new BulkRequest(BulkAction.Extend, "顺延。", ExtendDays: 3), Office, CancellationToken.None));

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => w.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<BulkRunJob>().RunAsync(run.Id, CancellationToken.None);
            return true;
        }))));

        var done = await RunRowAsync(w, run.Id);
        Assert.Equal((4, 4, 0, BackgroundRunState.Done), (done.Processed, done.DoneCount, done.FailedCount, done.State));
        foreach (var id in ids)
        {
            Assert.Equal(1, (await OperationsWorld.AuditAsync(w, id)).Count(a => a.Action == InstanceOperations.TaskDueChanged));
        }
    }

    [Fact]
    public Task Run_SaveFailsInMiddleChunk_ProgressAtLastCommittedChunk_JobResumesWithoutDoubleApplying_Sqlite() => StoppedAndResumedAsync(null);

    [PostgresFact]
    public async Task Run_SaveFailsInMiddleChunk_ProgressAtLastCommittedChunk_JobResumesWithoutDoubleApplying_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await StoppedAndResumedAsync(database);
    }

    private static async Task StoppedAndResumedAsync(TestPostgres? database)
    {
        var faults = new FailingSaveInterceptor();
        await using var w = await StartAsync(chunkSize: 2, database, faults);
        List<int> ids = [];
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await OperationsWorld.AtVisitBeforeAsync(w));
        }
        var before = new List<DateOnly?>();
        foreach (var id in ids)
        {
            before.Add(await VisitDueAsync(w, id));
        }
        var newDue = new DateOnly(2026, 9, 30);
        var run = await RunnerAsync(w, r => r.StartAsync(ids, new BulkRequest(BulkAction.Extend, "顺延。", ExtendTo: newDue), Office, CancellationToken.None));
        await RunnerAsync(w, async r =>
        {
            await r.ContinueAsync(run.Id, CancellationToken.None, maxChunks: 1);
            return true;
        });

        // The next save is the third suggestion's deadline change, inside the second chunk's transaction: the run stops there.
        faults.FailNextSave();
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => RunnerAsync(w, async r =>
        {
            await r.ContinueAsync(run.Id, CancellationToken.None);
            return true;
        }));

        Assert.Equal(1, faults.Failures);
        var stopped = await RunRowAsync(w, run.Id);
        Assert.Equal((2, 2, 6, BackgroundRunState.Running), (stopped.Processed, stopped.DoneCount, stopped.Total, stopped.State));
        Assert.Equal([BulkRunItem.Done, BulkRunItem.Done, null, null, null, null], (await ItemsAsync(w, run.Id)).Select(i => i.Outcome));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i < 2 ? newDue : before[i], await VisitDueAsync(w, ids[i]));
        }

        // What Hangfire runs on a retry (or 继续执行): the job resumes at the third suggestion; a second run finds nothing left.
        await w.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<BulkRunJob>().RunAsync(run.Id, CancellationToken.None);
            return true;
        });
        await w.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<BulkRunJob>().RunAsync(run.Id, CancellationToken.None);
            return true;
        });

        var done = await RunRowAsync(w, run.Id);
        Assert.Equal((6, 6, 0, 0, 100, BackgroundRunState.Done), (done.Processed, done.DoneCount, done.RefusedCount, done.FailedCount, done.Percent, done.State));
        Assert.NotNull(done.FinishedAt);
        Assert.All(await ItemsAsync(w, run.Id), i => Assert.Equal(BulkRunItem.Done, i.Outcome));
        foreach (var id in ids)
        {
            Assert.Equal(newDue, await VisitDueAsync(w, id));
            Assert.Equal(1, (await OperationsWorld.AuditAsync(w, id)).Count(a => a.Action == InstanceOperations.TaskDueChanged));
        }
    }
}
