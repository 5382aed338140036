using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Tests.Scenarios;

/// <summary>Whole suggestions driven through the deployed workflows/ files, the domain forms and the manual clock.</summary>
public sealed class HandlingScenarioTests
{
    [Fact]
    public async Task SessionSuggestion_WithCoUnit_RunsFromSubmissionToClosed()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync();
        Assert.Equal(1, suggestion.Number);
        Assert.Equal(SuggestionState.UnderReview, (await world.SuggestionAsync(suggestion.Id)).State);

        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", ["gaj"]);
        var assigned = await world.SuggestionAsync(suggestion.Id);
        Assert.Equal(SuggestionState.InHandling, assigned.State);
        Assert.Equal(new DateOnly(2026, 6, 2), assigned.ReplyDueOn);
        var acknowledge = await world.TaskAsync(suggestion.Id, "acknowledge");
        Assert.Equal(["unit:jtj"], acknowledge.CandidateGroups);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime, acknowledge.DueAt);

        await world.HandleAsync(suggestion.Id, "jtj", coUnits: ["gaj"]);
        var reply = Assert.Single(await world.RecordsAsync<Reply>(suggestion.Id));
        Assert.Equal("A", reply.ResultClass);
        Assert.Equal("赵局长", reply.SignedBy);
        Assert.NotNull(reply.DeliveredAt);
        Assert.Single(await world.RecordsAsync<CoUnitOpinion>(suggestion.Id));
        Assert.Equal(3, (await world.RecordsAsync<DeputyContact>(suggestion.Id)).Count);
        Assert.Single(await world.RecordsAsync<HandlingPlan>(suggestion.Id));

        await world.EvaluateAsync(suggestion.Id, 1, "Satisfied");
        var closed = await world.SuggestionAsync(suggestion.Id);
        Assert.Equal(SuggestionState.Closed, closed.State);
        Assert.NotNull(closed.ClosedAt);
        Assert.Empty(await world.OpenTasksAsync(suggestion.Id, null));

        var report = await world.WithScopeAsync(s => s.GetRequiredService<SuggestionStatistics>().BuildAsync(new StatisticsFilter(Term: 18)));
        Assert.Equal(1, report.Total);
        Assert.Equal(1.0, report.Satisfaction.SatisfactionRate);
        Assert.Equal(1.0, report.OnTimeRate);
        Assert.Contains(report.ByUnit, u => u.UnitId == "jtj" && u.Lead == 1 && u.RepliedOnTime == 1);
        Assert.Contains(report.ByUnit, u => u.UnitId == "gaj" && u.Co == 1);
    }

    [Fact]
    public async Task KeySuggestion_NeedsCommitteeOpinionAndLeaderApprovalBeforeSignOff()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync(category: "城乡建设与管理");
        await world.AcceptAndAssignAsync(suggestion.Id, "zjj", [], isKey: true);
        await world.CompleteAsync(suggestion.Id, "acknowledge", ScenarioWorld.Unit("zjj"), new { ackDecision = "accept" });
        await world.CompleteAsync(suggestion.Id, "plan", ScenarioWorld.Unit("zjj"), new { handlerName = "刘经办", plan = "分步实施。", plannedCompletionOn = "2026-05-20" });
        await world.CompleteAsync(suggestion.Id, "visitBefore", ScenarioWorld.Unit("zjj"), new { contactedOn = world.Today(), method = "座谈", summary = "座谈。" });
        await world.CompleteAsync(suggestion.Id, "visitDuring", ScenarioWorld.Unit("zjj"), new { contactedOn = world.Today(), method = "电话", summary = "通报进展。" });
        await world.CompleteAsync(suggestion.Id, "draftReply", ScenarioWorld.Unit("zjj"), new { resultClass = "A", text = "已解决。" });

        var opinion = await world.TaskAsync(suggestion.Id, "committeeOpinion");
        Assert.Equal(["committee:cjw"], opinion.CandidateGroups);
        Assert.Empty(await world.OpenTasksAsync(suggestion.Id, "signOff"));
        await world.CompleteAsync(suggestion.Id, "committeeOpinion", ScenarioWorld.Committee("cjw"), new { committeeAgrees = true, opinion = "同意。" });
        await world.CompleteAsync(suggestion.Id, "leaderApproval", ScenarioWorld.Leader("zhou"), new { leaderApproves = false, comment = "请补充资金安排。" });
        await world.CompleteAsync(suggestion.Id, "draftReply", ScenarioWorld.Unit("zjj"), new { resultClass = "A", text = "已解决，资金已落实。" });
        await world.CompleteAsync(suggestion.Id, "committeeOpinion", ScenarioWorld.Committee("cjw"), new { committeeAgrees = true, opinion = "同意。" });
        await world.CompleteAsync(suggestion.Id, "leaderApproval", ScenarioWorld.Leader("zhou"), new { leaderApproves = true, comment = "同意。" });
        Assert.Equal(["unitHead:zjj"], (await world.TaskAsync(suggestion.Id, "signOff")).CandidateGroups);
        Assert.True((await world.SuggestionAsync(suggestion.Id)).IsKey);
    }

    [Fact]
    public async Task Reassignment_WithinWindow_MovesTheSuggestionToTheNewUnit()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "gaj", []);

        await world.CompleteAsync(suggestion.Id, "acknowledge", ScenarioWorld.Unit("gaj"), new { ackDecision = "reassign", reason = "线网规划属交通部门职责。" });
        await world.CompleteAsync(suggestion.Id, "decideReassignment", ScenarioWorld.Office, new { reassignApproved = true, toUnitId = "jtj" });

        var acknowledge = await world.TaskAsync(suggestion.Id, "acknowledge");
        Assert.Equal(["unit:jtj"], acknowledge.CandidateGroups);
        var units = (await world.SuggestionAsync(suggestion.Id)).Units;
        Assert.Contains(units, u => u.UnitId == "gaj" && !u.IsActive);
        Assert.Contains(units, u => u.UnitId == "jtj" && u.IsActive);
        Assert.True(Assert.Single(await world.RecordsAsync<ReassignmentDecision>(suggestion.Id)).Approved);
    }

    [Fact]
    public async Task Reassignment_AfterTheWindow_IsRefusedAndNothingChanges()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "gaj", []);
        await world.AdvanceAsync("P12D");

        var error = await Assert.ThrowsAsync<HandlingValidationException>(() =>
            world.CompleteAsync(suggestion.Id, "acknowledge", ScenarioWorld.Unit("gaj"), new { ackDecision = "reassign", reason = "不属本单位职责。" }));
        Assert.Contains("ackDecision", error.FieldErrors.Keys);
        Assert.Empty(await world.RecordsAsync<Acknowledgement>(suggestion.Id));
        Assert.Single(await world.OpenTasksAsync(suggestion.Id, "acknowledge"));
    }

    [Fact]
    public async Task Extension_Approved_MovesReplyDeadlineGuardAndTaskDueDates()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", []);
        await world.CompleteAsync(suggestion.Id, "acknowledge", ScenarioWorld.Unit("jtj"), new { ackDecision = "accept" });

        await world.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionActions>().RequestExtensionAsync(suggestion.Id, "jtj", "涉及多部门协调，需延期。", new DateOnly(2026, 8, 31), ScenarioWorld.Unit("jtj"));
            return 0;
        });
        var tooLate = await Assert.ThrowsAsync<HandlingValidationException>(() =>
            world.CompleteAsync(suggestion.Id, "decideExtension", ScenarioWorld.Office, new { approved = true, grantedDueOn = "2026-12-31" }));
        Assert.Contains("grantedDueOn", tooLate.FieldErrors.Keys);
        await world.CompleteAsync(suggestion.Id, "decideExtension", ScenarioWorld.Office, new { approved = true });

        var extended = await world.SuggestionAsync(suggestion.Id);
        Assert.Equal(new DateOnly(2026, 8, 31), extended.ReplyDueOn);
        var guard = Assert.Single(await world.Engine.GetTimersAsync(), t => t.ActivityId == "replyOverdue");
        Assert.Equal(new DateTimeOffset(2026, 8, 31, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime, guard.DueAt);
        Assert.True(Assert.Single(await world.RecordsAsync<ExtensionRequest>(suggestion.Id)).Approved);

        // The original deadline passes without an overdue record.
        await world.AdvanceAsync("P100D");
        Assert.Empty(await world.RecordsAsync<OverdueRecord>(suggestion.Id));
    }

    [Fact]
    public async Task Overdue_DeadlineGuardRecordsItAndTheOfficeSupervises()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", []);
        await world.CompleteAsync(suggestion.Id, "acknowledge", ScenarioWorld.Unit("jtj"), new { ackDecision = "accept" });

        await world.AdvanceAsync("P3M1D");

        var overdue = Assert.Single(await world.RecordsAsync<OverdueRecord>(suggestion.Id));
        Assert.Equal(new DateOnly(2026, 6, 2), overdue.DueOn);
        Assert.Equal(["office"], (await world.TaskAsync(suggestion.Id, "superviseOverdue")).CandidateGroups);
        var report = await world.WithScopeAsync(s => s.GetRequiredService<SuggestionStatistics>().BuildAsync(new StatisticsFilter()));
        Assert.Equal(suggestion.Id, Assert.Single(report.Overdue).SuggestionId);
        await world.CompleteAsync(suggestion.Id, "superviseOverdue", ScenarioWorld.Office, new { supervisionNote = "已电话督办，要求一周内答复。" });
        Assert.Equal("已电话督办，要求一周内答复。", Assert.Single(await world.RecordsAsync<OverdueRecord>(suggestion.Id)).SupervisionNote);
        Assert.Single(await world.OpenTasksAsync(suggestion.Id, "plan"));
    }

    [Fact]
    public async Task Unsatisfied_Twice_EndsInASpecialInquiryTheLeadersHold()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", []);
        await world.HandleAsync(suggestion.Id, "jtj", resultClass: "C");
        await world.EvaluateAsync(suggestion.Id, 1, "Unsatisfied", "未解决实际问题。");

        Assert.Equal(SuggestionState.Rehandling, (await world.SuggestionAsync(suggestion.Id)).State);
        await world.CompleteAsync(suggestion.Id, "interview", ScenarioWorld.Office, new { heldOn = world.Today(), summary = "约谈局长，要求重新办理。" });
        await world.CompleteAsync(suggestion.Id, "rehandle", ScenarioWorld.Unit("jtj"), new { resultClass = "B", text = "已列入年度计划。" });
        await world.CompleteAsync(suggestion.Id, "rehandleSignOff", ScenarioWorld.UnitHead("jtj"), new { signedBy = "赵局长" });
        Assert.Equal(2, (await world.SuggestionAsync(suggestion.Id)).Round);
        await world.EvaluateAsync(suggestion.Id, 1, "Unsatisfied", "仍不满意。");

        await world.CompleteAsync(suggestion.Id, "proposeInquiry", ScenarioWorld.Office, new { topicTitle = "城区公共交通服务专题询问", groupBy = "unit" });
        var escalated = await world.SuggestionAsync(suggestion.Id);
        Assert.Equal(SuggestionState.Escalated, escalated.State);
        Assert.Equal(2, (await world.RecordsAsync<Reply>(suggestion.Id)).Count);
        Assert.Single(await world.RecordsAsync<Interview>(suggestion.Id));

        var topic = await world.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<SupervisionFlow.Web.Data.AppDbContext>();
            var id = db.Set<InquiryTopic>().Single().Id;
            return await s.GetRequiredService<SuggestionActions>().SubmitInquiryTopicAsync(id, ScenarioWorld.Office);
        });
        var inquiryKey = ProcessKeys.InquiryBusinessKey(topic.Id);
        Assert.Equal(["leaders"], (await world.TaskAsync(inquiryKey, "decideInquiry")).CandidateGroups);
        await world.CompleteAsync(inquiryKey, "decideInquiry", ScenarioWorld.Leaders, new { inquiryDecision = "hold" });
        await world.CompleteAsync(inquiryKey, "holdInquiry", ScenarioWorld.Office, new { meetingOn = world.Today(), summary = "常委会会议专题询问公交服务。" });
        await world.CompleteAsync(inquiryKey, "followUpInquiry", ScenarioWorld.Office, new { followUp = "整改措施已落实。" });
        var closedTopic = await world.WithScopeAsync(async s =>
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(s.GetRequiredService<SupervisionFlow.Web.Data.AppDbContext>().Set<InquiryTopic>()));
        Assert.Equal(InquiryState.Closed, closedTopic.State);
        Assert.Equal("jtj", closedTopic.UnitId);
        Assert.NotNull(topic.ProcessInstanceId);
    }

    [Fact]
    public async Task BClassReply_IsFollowedUpPeriodicallyUntilSolvedAndRated()
    {
        // Quarterly instead of the default yearly reports: the shipped calendar ends with 2026, and the interval is
        // profile configuration like every other deadline.
        await using var world = await ScenarioWorld.StartAsync(new Dictionary<string, string?> { ["Handling:Deadlines:ProgressReportInterval:Months"] = "3" });
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", []);
        await world.HandleAsync(suggestion.Id, "jtj", resultClass: "B");
        await world.EvaluateAsync(suggestion.Id, 1, "BasicallySatisfied");
        Assert.Equal(SuggestionState.FollowUp, (await world.SuggestionAsync(suggestion.Id)).State);
        Assert.Empty(await world.OpenTasksAsync(suggestion.Id, "progressReport"));

        await world.AdvanceAsync("P3M1D");
        await world.CompleteAsync(suggestion.Id, "progressReport", ScenarioWorld.Unit("jtj"), new { progress = "已完成一期工程。", solved = false });
        Assert.Empty(await world.OpenTasksAsync(suggestion.Id, "progressReport"));
        // Next report: 3 months after 2026-06-26 is Saturday 2026-09-26, in the Mid-Autumn holiday: due Monday 09-28.
        await world.AdvanceAsync("P3M1D");
        Assert.Empty(await world.OpenTasksAsync(suggestion.Id, "progressReport"));
        await world.AdvanceAsync("P2D");
        await world.CompleteAsync(suggestion.Id, "progressReport", ScenarioWorld.Unit("jtj"), new { progress = "全部完成。", solved = true });
        await world.CompleteAsync(suggestion.Id, "evaluateProgress", ScenarioWorld.Deputy(1), new { rating = "Satisfied" });

        var reports = await world.RecordsAsync<ProgressReport>(suggestion.Id);
        Assert.Equal([false, true], reports.Select(r => r.Solved));
        Assert.Equal(Satisfaction.Satisfied, reports[^1].DeputyRating);
        Assert.Equal(SuggestionState.Closed, (await world.SuggestionAsync(suggestion.Id)).State);
    }

    [Fact]
    public async Task BetweenSessionSuggestion_IsReviewedAndAssignedIndividuallyWithinItsWindow()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync(SuggestionKind.BetweenSession);

        var review = await world.TaskAsync(suggestion.Id, "review");
        // 10 working days after Monday 2026-03-02.
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime, review.DueAt);
        await world.CompleteAsync(suggestion.Id, "review", ScenarioWorld.Office, new { decision = "accept" });
        await world.CompleteAsync(suggestion.Id, "assign", ScenarioWorld.Office, new { leadUnitId = "jtj", otherUnitIds = new[] { "gaj" } });

        Assert.Equal(SuggestionState.InHandling, (await world.SuggestionAsync(suggestion.Id)).State);
        Assert.Single(await world.OpenTasksAsync(suggestion.Id, "acknowledge"));
        Assert.Null(Assert.Single(await world.RecordsAsync<Assignment>(suggestion.Id)).MeetingId);
    }

    [Fact]
    public async Task Withdrawal_DuringHandling_StopsEveryTaskAndTimer()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", ["gaj"]);
        await world.CompleteAsync(suggestion.Id, "acknowledge", ScenarioWorld.Unit("jtj"), new { ackDecision = "accept" });

        await Assert.ThrowsAsync<HandlingForbiddenException>(() => world.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionActions>().WithdrawAsync(suggestion.Id, "不再需要。", ScenarioWorld.Deputy(3));
            return 0;
        }));
        await world.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionActions>().WithdrawAsync(suggestion.Id, "问题已由其他渠道解决，书面申请撤回。", ScenarioWorld.Deputy(1));
            return 0;
        });

        Assert.Equal(SuggestionState.Withdrawn, (await world.SuggestionAsync(suggestion.Id)).State);
        Assert.Empty(await world.OpenTasksAsync(suggestion.Id, null));
        Assert.Empty(await world.Engine.GetTimersAsync());
    }

    [Fact]
    public async Task BulkAssignment_OneInvalidLine_AssignsNothing()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var first = await world.SubmitAsync();
        var second = await world.SubmitAsync();
        await world.CompleteAsync(first.Id, "review", ScenarioWorld.Office, new { decision = "accept" });
        await world.CompleteAsync(second.Id, "review", ScenarioWorld.Office, new { decision = "accept" });

        var error = await Assert.ThrowsAsync<AssignmentRefusedException>(() => world.WithScopeAsync(async s =>
        {
            var meetings = s.GetRequiredService<AssignmentMeetingService>();
            var meeting = await meetings.CreateMeetingAsync("交办会", new DateOnly(2026, 3, 2), null, ScenarioWorld.Office);
            return await meetings.AssignAsync(meeting.Id, [new AssignmentOrder(first.Id, "jtj", []), new AssignmentOrder(second.Id, "nosuchunit", [])], ScenarioWorld.Office);
        }));
        Assert.Equal([second.Id], error.Refusals.Select(r => r.SuggestionId));
        Assert.Contains($"{second.DisplayNumber}《{second.Title}》：主办单位“nosuchunit”不存在", error.Message, StringComparison.Ordinal);
        Assert.Equal(SuggestionState.AwaitingAssignment, (await world.SuggestionAsync(first.Id)).State);
        Assert.Single(await world.OpenTasksAsync(first.Id, "assign"));
        Assert.Empty(await world.RecordsAsync<Assignment>(first.Id));
    }
}
