using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Handling;

/// <summary>
/// One command, one transaction: a task form whose final save fails leaves the database exactly as it was (every
/// row of every table, the instance revision), and the same submission sent again completes. Run for every
/// <c>camunda:formKey</c> of the default workflows, on a SQLite file and on PostgreSQL.
/// </summary>
public sealed class CommandPipelineTests
{
    public static TheoryData<string> FormKeys => [.. FormWalks.All.Select(w => w.FormKey)];

    [Theory]
    [MemberData(nameof(FormKeys))]
    public async Task SubmitForm_FinalSaveFails_LeavesNothingAndRetryCompletes_Sqlite(string formKey)
    {
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(null, faults);
        await AssertFailedSaveLeavesNothingAsync(world, faults, FormWalks.For(formKey));
    }

    [PostgresTheory]
    [MemberData(nameof(FormKeys))]
    public async Task SubmitForm_FinalSaveFails_LeavesNothingAndRetryCompletes_PostgreSql(string formKey)
    {
        await using var database = await TestPostgres.CreateAsync();
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(database, faults);
        await AssertFailedSaveLeavesNothingAsync(world, faults, FormWalks.For(formKey));
    }

    [Fact]
    public async Task ApproveExtension_TwoOfficeUsersAtOnce_OneWinsTheOtherIsToldAndTheDeadlineMovesOnce_Sqlite()
    {
        await using var world = await StartAsync(null, null, new SaveRendezvousInterceptor(2, TimeSpan.FromSeconds(2)));
        await AssertOneOfTwoApprovalsWinsAsync(world);
    }

    [PostgresFact]
    public async Task ApproveExtension_TwoOfficeUsersAtOnce_OneWinsTheOtherIsToldAndTheDeadlineMovesOnce_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await StartAsync(database, null, new SaveRendezvousInterceptor(2, TimeSpan.FromSeconds(10)));
        await AssertOneOfTwoApprovalsWinsAsync(world);
    }

    [Fact]
    public async Task RequestExtension_FinalSaveFails_LeavesNothingAndRetrySucceeds()
    {
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(null, faults);
        var key = await FormWalks.For("unit:acknowledge").ReachAsync(world);
        await world.CompleteAsync(key, "acknowledge", ScenarioWorld.Unit("jtj"), new { ackDecision = "accept" }, Actor.UnitGroup("jtj"));
        var before = await DatabaseSnapshot.TakeAsync(world.Services);

        faults.FailNextSave();
        await Assert.ThrowsAsync<DbUpdateException>(() => RequestExtensionAsync(world, key));
        (await DatabaseSnapshot.TakeAsync(world.Services)).AssertSameAs(before);

        await RequestExtensionAsync(world, key);
        Assert.Single(await world.OpenTasksAsync(key, "decideExtension"));
        Assert.Null(Assert.Single(await world.RecordsAsync<ExtensionRequest>(int.Parse(key, CultureInfo.InvariantCulture))).Approved);
    }

    [Fact]
    public async Task SubmitSuggestion_SaveFails_LeavesNoSuggestionNumberInstanceOrAudit_Sqlite()
    {
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(null, faults);
        await AssertFailedFilingLeavesNothingAsync(world, faults);
    }

    [PostgresFact]
    public async Task SubmitSuggestion_SaveFails_LeavesNoSuggestionNumberInstanceOrAudit_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(database, faults);
        await AssertFailedFilingLeavesNothingAsync(world, faults);
    }

    [Fact]
    public void EngineMessages_LostRaceCodes_ReadAsHandledByOthers()
    {
        foreach (var code in new[] { EngineErrorCodes.TaskAlreadyCompleted, EngineErrorCodes.RevisionConflict, EngineErrorCodes.TaskStale })
        {
            Assert.Equal(EngineMessages.HandledByOthers, EngineMessages.For(new EngineConflictException("lost", null, code)));
        }
        Assert.Contains("已被他人处理", EngineMessages.HandledByOthers, StringComparison.Ordinal);
        Assert.Equal("“页数”为必填项", EngineMessages.For(new FormFieldProblem(EngineErrorCodes.FieldRequired, "页数")));
    }

    private static async Task AssertFailedFilingLeavesNothingAsync(ScenarioWorld world, FailingSaveInterceptor faults)
    {
        var first = await world.SubmitAsync();
        var before = await DatabaseSnapshot.TakeAsync(world.Services);

        // The filing's one save (suggestion, co-signers, instance, task, history, audit together) fails after its
        // statements ran: the transaction rolls all of it back.
        faults.FailNextSave();
        await Assert.ThrowsAsync<DbUpdateException>(() => world.WithScopeAsync(s =>
            s.GetRequiredService<SuggestionIntakeService>().SubmitAsync(Request(), ScenarioWorld.Deputy(1))));
        Assert.Equal(1, faults.Failures);
        (await DatabaseSnapshot.TakeAsync(world.Services)).AssertSameAs(before);

        // The number the failed filing would have taken is the next one's: numbers stay gap-free.
        var filed = await world.SubmitAsync();
        Assert.Equal(first.Number + 1, filed.Number);
        Assert.Equal(Suggestion.KeyOf(filed.Id), filed.BusinessKey);
        Assert.Single(await world.OpenTasksAsync(filed.Id, "review"));
    }

    private static async Task AssertFailedSaveLeavesNothingAsync(ScenarioWorld world, FailingSaveInterceptor faults, FormWalk walk)
    {
        var key = await walk.ReachAsync(world);
        var task = await world.TaskAsync(key, walk.ActivityId, walk.CandidateGroup);
        Assert.Equal(walk.FormKey, task.FormKey);
        var before = await DatabaseSnapshot.TakeAsync(world.Services);
        var revision = await RevisionAsync(world, task.ProcessInstanceId);

        faults.FailNextSave();
        await Assert.ThrowsAsync<DbUpdateException>(() => SubmitAsync(world, task, walk));

        Assert.Equal(1, faults.Failures);
        (await DatabaseSnapshot.TakeAsync(world.Services)).AssertSameAs(before);
        Assert.Equal(revision, await RevisionAsync(world, task.ProcessInstanceId));
        Assert.Contains(await world.OpenTasksAsync(key, walk.ActivityId), t => t.Id == task.Id);

        // The same submission again, the fault gone: it completes, once.
        await SubmitAsync(world, task, walk);
        Assert.DoesNotContain(await world.OpenTasksAsync(key, walk.ActivityId), t => t.Id == task.Id);
        var done = Assert.Single(await world.Engine.GetHistoryAsync(task.ProcessInstanceId), h => h.ActivityInstanceId == task.Id);
        Assert.Equal(walk.Actor.UserName, done.CompletedBy);
        var after = await DatabaseSnapshot.TakeAsync(world.Services);
        Assert.Equal(before.RowCount("audit_entries") + 1, after.RowCount("audit_entries") - NoticeAuditsAfter(before, after));
    }

    /// <summary>Audit entries written by the service tasks the completion reached (after its commit), not by the form.</summary>
    private static int NoticeAuditsAfter(DatabaseSnapshot before, DatabaseSnapshot after) =>
        after.Tables["audit_entries"].Except(before.Tables["audit_entries"], StringComparer.Ordinal).Count(r => !r.Contains("task.completed", StringComparison.Ordinal));

    private static async Task AssertOneOfTwoApprovalsWinsAsync(ScenarioWorld world)
    {
        var rendezvous = world.Services.GetRequiredService<SaveRendezvousInterceptor>();
        // At 拟写答复, so a task whose due date is the reply deadline is open beside the deadline guard.
        var key = await FormWalks.For("unit:reply").ReachAsync(world);
        await RequestExtensionAsync(world, key);
        var task = await world.TaskAsync(key, "decideExtension");
        var suggestionId = int.Parse(key, CultureInfo.InvariantCulture);
        var dueBefore = (await world.SuggestionAsync(suggestionId)).ReplyDueOn;

        // Two office users, each granting a different date: the final state shows which one won, and only that one.
        var li = new Actor("lgw.li", "李主任", new HashSet<string> { Actor.OfficeGroup });
        var wang = new Actor("lgw.wang", "王处长", new HashSet<string> { Actor.OfficeGroup });
        var grants = new Dictionary<string, DateOnly> { [li.UserName] = new(2026, 8, 31), [wang.UserName] = new(2026, 8, 14) };
        rendezvous.Arm();
        var outcomes = await Task.WhenAll(new[] { li, wang }.Select(actor => Task.Run(async () =>
        {
            try
            {
                await world.WithScopeAsync(async s =>
                {
                    await s.GetRequiredService<TaskFormService>().SubmitAsync(task.Id, actor, ScenarioWorld.Json(new
                    {
                        approved = true,
                        grantedDueOn = grants[actor.UserName].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    }));
                    return 0;
                });
                return (Actor: actor, Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Actor: actor, Error: e);
            }
        })));

        var winner = Assert.Single(outcomes, o => o.Error is null).Actor;
        var loser = Assert.Single(outcomes, o => o.Error is not null);
        var refused = Assert.IsType<EngineConflictException>(loser.Error);
        Assert.True(EngineErrorCodes.IsLostRace(refused.Code), $"unexpected code {refused.Code}: {refused.Message}");
        Assert.Contains("已被他人处理", EngineMessages.For(refused), StringComparison.Ordinal);

        var granted = grants[winner.UserName];
        var dueUtc = new DateTimeOffset(granted.Year, granted.Month, granted.Day, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime;
        var suggestion = await world.SuggestionAsync(suggestionId);
        Assert.NotEqual(dueBefore, suggestion.ReplyDueOn);
        Assert.Equal(granted, suggestion.ReplyDueOn);
        Assert.Equal(dueUtc, Assert.Single(await world.Engine.GetTimersAsync(), t => t.ActivityId == ProcessKeys.ReplyOverdueTimer).DueAt);
        var replyTasks = (await world.OpenTasksAsync(key, null)).Where(t => ProcessKeys.ReplyDeadlineTasks.Contains(t.ActivityId)).ToList();
        Assert.Equal("draftReply", Assert.Single(replyTasks).ActivityId);
        Assert.All(replyTasks, t => Assert.Equal(dueUtc, t.DueAt));
        var request = Assert.Single(await world.RecordsAsync<ExtensionRequest>(suggestionId));
        Assert.Equal(winner.UserName, request.DecidedBy);
        Assert.Equal(granted, request.GrantedDueOn);
        Assert.Empty(await world.OpenTasksAsync(key, "decideExtension"));
        Assert.Equal(winner.UserName, Assert.Single(await world.Engine.GetHistoryAsync(task.ProcessInstanceId), h => h.ActivityInstanceId == task.Id).CompletedBy);
        var decisions = await world.WithScopeAsync(async s => await s.GetRequiredService<AppDbContext>().Set<SupervisionFlow.Web.Domain.Audit.AuditEntry>()
            .CountAsync(a => a.SuggestionId == suggestionId && a.Action == "task.completed" && a.Details!.Contains("decideExtension")));
        Assert.Equal(1, decisions);
    }

    internal static Task<ScenarioWorld> StartAsync(TestPostgres? database, FailingSaveInterceptor? faults, SaveRendezvousInterceptor? rendezvous = null)
    {
        var settings = new Dictionary<string, string?>(FormWalks.Settings)
        {
            // The host's background work (Hangfire's outbox loop, the reminder scan) writes rows of its own while a
            // test compares every table before and after a failed save: these tests are about commands, so it is off.
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
            // Test-only interceptors on every context of the host (the pages', the engine's).
            services.ConfigureDbContext<AppDbContext>(options =>
            {
                if (faults is not null)
                {
                    options.AddInterceptors(faults);
                }
                if (rendezvous is not null)
                {
                    options.AddInterceptors(rendezvous);
                }
            });
            if (rendezvous is not null)
            {
                services.AddSingleton(rendezvous);
            }
        });
    }

    private static Task SubmitAsync(ScenarioWorld world, TaskView task, FormWalk walk) =>
        world.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<TaskFormService>().SubmitAsync(task.Id, walk.Actor, ScenarioWorld.Json(walk.Values(world)));
            return 0;
        });

    private static Task RequestExtensionAsync(ScenarioWorld world, string key) =>
        world.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionActions>().RequestExtensionAsync(
                int.Parse(key, CultureInfo.InvariantCulture), "jtj", "涉及多部门协调，需延期。", new DateOnly(2026, 8, 31), ScenarioWorld.Unit("jtj"));
            return 0;
        });

    private static async Task<int> RevisionAsync(ScenarioWorld world, string instanceId) =>
        await world.WithScopeAsync(async s => await s.GetRequiredService<AppDbContext>().Database
            .SqlQuery<int>($"SELECT \"Revision\" AS \"Value\" FROM engine_instances WHERE \"Id\" = {instanceId}").SingleAsync());

    private static SubmitSuggestion Request() =>
        new(SuggestionKind.Session, 18, 5, "关于优化城区公交线网的建议", "建议增开社区微循环线路。", "交通邮电", "专题调研", 1, [2], DisclosureConsent.Full, false);
}
