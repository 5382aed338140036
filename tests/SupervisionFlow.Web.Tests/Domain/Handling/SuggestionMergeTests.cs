using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Tests.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Domain.Operations;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;
using static SupervisionFlow.Web.Tests.Scenarios.ScenarioWorld;

namespace SupervisionFlow.Web.Tests.Domain.Handling;

/// <summary>
/// 并案 through the service on a SQLite file and on PostgreSQL: recorded on both suggestions, audited, the merged one's
/// processes terminated and its deputies told; every refusal and a failed save leave every table as it was.
/// </summary>
public sealed class SuggestionMergeTests
{
    private const string Reason = "两件建议均反映城区公交线网问题，并案办理。";

    private static Task MergeAsync(ScenarioWorld w, int id, int mainId, string reason, Actor actor) =>
        w.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionMerge>().MergeAsync(id, mainId, reason, actor);
            return 0;
        });

    [Fact]
    public Task Merge_AssignedSuggestion_RecordedOnBothAuditedProcessesTerminatedDeputiesTold_Sqlite() => MergeAssignedAsync(null);

    [PostgresFact]
    public async Task Merge_AssignedSuggestion_RecordedOnBothAuditedProcessesTerminatedDeputiesTold_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await MergeAssignedAsync(database);
    }

    private static async Task MergeAssignedAsync(TestPostgres? database)
    {
        await using var w = await CommandPipelineTests.StartAsync(database, null);
        var main = (await w.SubmitAsync()).Id;
        var merged = (await w.SubmitAsync(coSigners: [2, 3])).Id;
        // Assigned: the intake process has called the handling process, which waits at the unit's 签收.
        await w.AcceptAndAssignAsync(merged, "jtj", []);
        Assert.NotEmpty(await w.OpenTasksAsync(merged, null));

        await MergeAsync(w, merged, main, Reason, Office);

        var suggestion = await w.SuggestionAsync(merged);
        Assert.Equal(SuggestionState.Merged, suggestion.State);
        Assert.Equal(main, suggestion.MergedIntoId);
        Assert.NotNull(suggestion.ClosedAt);
        var decision = Assert.Single(await w.RecordsAsync<ReviewDecision>(merged), r => r.Outcome == ReviewOutcome.Merge);
        Assert.Equal((Reason, main, "lgw.li"), (decision.Reason, decision.MergedIntoId, decision.RecordedBy));
        Assert.Contains(await OperationsWorld.AuditAsync(w, merged), a => a.Action == "suggestion.merged" && a.Details!.Contains(Reason, StringComparison.Ordinal));
        Assert.Contains(await OperationsWorld.AuditAsync(w, main), a => a.Action == "suggestion.merged-in" && a.Details!.Contains("并入本件", StringComparison.Ordinal));
        var instances = await w.Engine.FindInstancesAsync(new Engine.Queries.InstanceQuery(BusinessKey: merged.ToString(CultureInfo.InvariantCulture)));
        Assert.True(instances.Count >= 2, "the intake process and the handling process it called");
        Assert.All(instances, i => Assert.Equal("terminated", i.State));
        Assert.Empty(await w.OpenTasksAsync(merged, null));
        // The main suggestion goes on: its review task is still open.
        Assert.Single(await w.OpenTasksAsync(main, "review"));
        Assert.Equal(SuggestionState.UnderReview, (await w.SuggestionAsync(main)).State);
        var notices = await w.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.SuggestionId == merged && m.DedupKey.StartsWith("merged:")).ToListAsync());
        Assert.Equal(["lixy@example.cn", "wangjg@example.cn", "zhangw@example.cn"],
            notices.Where(m => m.Channel == OutboxChannel.Email).Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(notices.Where(m => m.Channel == OutboxChannel.Email), m => Assert.Contains(Reason, m.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Merge_Refusals_ClearChineseMessages_NothingChanges()
    {
        await using var w = await CommandPipelineTests.StartAsync(null, null);
        var main = await SimilarSuggestionsTests.FileAsync(w, "关于优化城区公交线网的建议", "增开社区微循环线路。");
        var candidate = await SimilarSuggestionsTests.FileAsync(w, "关于城区公交线网优化的建议", "增开微循环线路。");
        var otherSession = await SimilarSuggestionsTests.FileAsync(w, "关于优化城区公交线网的建议", "增开社区微循环线路。", session: 6);
        var alreadyMerged = await SimilarSuggestionsTests.FileAsync(w, "关于公交线网的建议", "优化线网。");
        await MergeAsync(w, alreadyMerged, main, Reason, Office);
        var withdrawn = await SimilarSuggestionsTests.FileAsync(w, "关于公交站台的建议", "增设站台。");
        await w.CompleteAsync(withdrawn, "review", Office, new { decision = "accept" });
        await w.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionActions>().WithdrawAsync(withdrawn, "已解决。", Office);
            return 0;
        });
        var before = await DatabaseSnapshot.TakeAsync(w.Services);

        async Task<string> Refused(int id, int into, string reason = Reason) =>
            (await Assert.ThrowsAsync<HandlingValidationException>(() => MergeAsync(w, id, into, reason, Office))).Message;

        Assert.Contains("只能并入同一届次、同一会次的建议", await Refused(candidate, otherSession), StringComparison.Ordinal);
        Assert.Equal("不能将建议并入其本身。", await Refused(candidate, candidate));
        Assert.Contains("已并入其他建议", await Refused(candidate, alreadyMerged), StringComparison.Ordinal);
        Assert.Contains("已撤回，不能作为并案的主件", await Refused(candidate, withdrawn), StringComparison.Ordinal);
        Assert.Equal("本件建议已并案，不能再次并案。", await Refused(alreadyMerged, candidate));
        Assert.Equal("本件建议已撤回，不能并案。", await Refused(withdrawn, main));
        Assert.Equal("并入的建议不存在。", await Refused(candidate, 99_999));
        Assert.Equal("请填写并案理由。", await Refused(candidate, main, "  "));
        await Assert.ThrowsAsync<HandlingForbiddenException>(() => MergeAsync(w, candidate, main, Reason, Unit("jtj")));
        await Assert.ThrowsAsync<HandlingForbiddenException>(() => MergeAsync(w, candidate, main, Reason, Deputy(1)));

        (await DatabaseSnapshot.TakeAsync(w.Services)).AssertSameAs(before);
        Assert.Single(await w.OpenTasksAsync(candidate, "review"));
    }

    [Fact]
    public Task Merge_FinalSaveFails_LeavesNothingAndRetryMerges_Sqlite() => FailedSaveAsync(null);

    [PostgresFact]
    public async Task Merge_FinalSaveFails_LeavesNothingAndRetryMerges_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await FailedSaveAsync(database);
    }

    private static async Task FailedSaveAsync(TestPostgres? database)
    {
        var faults = new FailingSaveInterceptor();
        await using var w = await CommandPipelineTests.StartAsync(database, faults);
        var main = (await w.SubmitAsync()).Id;
        var merged = (await w.SubmitAsync()).Id;
        var before = await DatabaseSnapshot.TakeAsync(w.Services);

        faults.FailNextSave();
        await Assert.ThrowsAsync<DbUpdateException>(() => MergeAsync(w, merged, main, Reason, Office));
        Assert.Equal(1, faults.Failures);
        (await DatabaseSnapshot.TakeAsync(w.Services)).AssertSameAs(before);

        await MergeAsync(w, merged, main, Reason, Office);
        Assert.Equal(SuggestionState.Merged, (await w.SuggestionAsync(merged)).State);
        Assert.Empty(await w.OpenTasksAsync(merged, null));
    }
}
