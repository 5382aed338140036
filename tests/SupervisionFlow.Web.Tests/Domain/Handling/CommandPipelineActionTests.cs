using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Handling;

/// <summary>
/// One command, one transaction, for the state changes that are not task forms: a withdrawal, submitting a 专题询问
/// topic, an administrator's process choice. The final save fails; every table is as it was; the same call again
/// succeeds. On a SQLite file and on PostgreSQL.
/// </summary>
public sealed class CommandPipelineActionTests
{
    [Fact]
    public Task Withdraw_FinalSaveFails_LeavesNothingAndRetryWithdraws_Sqlite() => WithdrawAsync(null);

    [PostgresFact]
    public async Task Withdraw_FinalSaveFails_LeavesNothingAndRetryWithdraws_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await WithdrawAsync(database);
    }

    [Fact]
    public Task SubmitInquiryTopic_FinalSaveFails_LeavesNothingAndRetryStartsItOnce_Sqlite() => SubmitInquiryTopicAsync(null);

    [PostgresFact]
    public async Task SubmitInquiryTopic_FinalSaveFails_LeavesNothingAndRetryStartsItOnce_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await SubmitInquiryTopicAsync(database);
    }

    [Fact]
    public Task SetProcessChoice_FinalSaveFails_LeavesNothingAndRetrySetsIt_Sqlite() => SetProcessChoiceAsync(null);

    [PostgresFact]
    public async Task SetProcessChoice_FinalSaveFails_LeavesNothingAndRetrySetsIt_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await SetProcessChoiceAsync(database);
    }

    private static async Task WithdrawAsync(TestPostgres? database)
    {
        var faults = new FailingSaveInterceptor();
        await using var world = await CommandPipelineTests.StartAsync(database, faults);
        var key = await FormWalks.For("unit:acknowledge").ReachAsync(world);
        var id = int.Parse(key, CultureInfo.InvariantCulture);
        Task Withdraw() => world.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionActions>().WithdrawAsync(id, "问题已在其他渠道解决。", ScenarioWorld.Deputy(1));
            return 0;
        });

        await AssertFailedThenRetriedAsync(world, faults, Withdraw);

        Assert.Equal(SuggestionState.Withdrawn, (await world.SuggestionAsync(id)).State);
        Assert.Empty(await world.OpenTasksAsync(key, null));
        Assert.Equal(1, await CountAuditAsync(world, "suggestion.withdrawn"));
    }

    private static async Task SubmitInquiryTopicAsync(TestPostgres? database)
    {
        var faults = new FailingSaveInterceptor();
        await using var world = await CommandPipelineTests.StartAsync(database, faults);
        var walk = FormWalks.For("office:inquiry-proposal");
        var key = await walk.ReachAsync(world);
        await world.CompleteAsync(key, walk.ActivityId, walk.Actor, walk.Values(world));
        var topicId = await world.WithScopeAsync(async s => await s.GetRequiredService<AppDbContext>().Set<InquiryTopic>().Select(t => t.Id).SingleAsync());
        Task Submit() => world.WithScopeAsync(async s => await s.GetRequiredService<SuggestionActions>().SubmitInquiryTopicAsync(topicId, ScenarioWorld.Office));

        await AssertFailedThenRetriedAsync(world, faults, Submit);

        var topic = await world.WithScopeAsync(async s => await s.GetRequiredService<AppDbContext>().Set<InquiryTopic>().AsNoTracking().SingleAsync());
        Assert.NotNull(topic.ProcessInstanceId);
        Assert.Single(await world.OpenTasksAsync(ProcessKeys.InquiryBusinessKey(topicId), "decideInquiry"));
        Assert.Equal(1, await CountAuditAsync(world, "inquiry.submitted"));
    }

    private static async Task SetProcessChoiceAsync(TestPostgres? database)
    {
        var faults = new FailingSaveInterceptor();
        await using var world = await CommandPipelineTests.StartAsync(database, faults);
        var admin = new Actor("admin", "管理员", new HashSet<string> { Actor.AdminGroup });
        var key = (await world.WithScopeAsync(async s => await s.GetRequiredService<ProcessSelection>().GetAllAsync()))
            .Single(v => v.Slot == ProcessSlot.BetweenSession).Target.DefinitionKey;
        Task Choose() => world.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<ProcessSelection>().SetAsync(ProcessSlot.BetweenSession, key, 1, admin);
            return 0;
        });

        await AssertFailedThenRetriedAsync(world, faults, Choose);

        var chosen = (await world.WithScopeAsync(async s => await s.GetRequiredService<ProcessSelection>().GetAllAsync()))
            .Single(v => v.Slot == ProcessSlot.BetweenSession);
        Assert.False(chosen.IsDefault);
        Assert.Equal(1, chosen.Target.Version);
        Assert.Equal(1, await CountAuditAsync(world, "process-selection.changed"));
    }

    /// <summary>The call with its final save failing leaves every table as it was; the same call again succeeds.</summary>
    private static async Task AssertFailedThenRetriedAsync(ScenarioWorld world, FailingSaveInterceptor faults, Func<Task> command)
    {
        var before = await DatabaseSnapshot.TakeAsync(world.Services);
        faults.FailNextSave();
        await Assert.ThrowsAsync<DbUpdateException>(command);
        Assert.Equal(1, faults.Failures);
        (await DatabaseSnapshot.TakeAsync(world.Services)).AssertSameAs(before);

        await command();
        Assert.Equal(1, faults.Failures);
    }

    private static Task<int> CountAuditAsync(ScenarioWorld world, string action) =>
        world.WithScopeAsync(async s => await s.GetRequiredService<AppDbContext>().Set<SupervisionFlow.Web.Domain.Audit.AuditEntry>().CountAsync(a => a.Action == action));
}
