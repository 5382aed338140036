using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Tasks;

public sealed class UserTaskTests
{
    private const string Folder = "Elements/Tasks/";
    private static readonly DateTime Start = EngineHarness.StartTime.UtcDateTime;

    [Fact]
    public async Task CamundaAttributes_TaskCreated_CarriesAssigneeCandidatesDatesPriorityAndFormKey()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskAttributes.bpmn");

        var instance = await h.StartAsync("userTaskAttributes", new { initiator = "alice" }, businessKey: "case-5");

        var task = await h.SingleTaskAsync(instance.Id);
        Assert.Equal("review", task.ActivityId);
        Assert.Equal("Review the suggestion", task.Name);
        Assert.Equal("alice", task.Assignee);
        Assert.Equal(["bob", "carol"], task.CandidateUsers.Order(StringComparer.Ordinal));
        Assert.Equal(["committee", "office"], task.CandidateGroups.Order(StringComparer.Ordinal));
        Assert.Equal(Start.AddDays(5), task.DueAt);
        Assert.Equal(EngineHarness.Utc("2026-03-04T00:00:00Z"), task.FollowUpAt);
        Assert.Equal(80, task.Priority);
        Assert.Equal("embedded:app:forms/review.html", task.FormKey);
        Assert.Equal(Start, task.CreatedAt);
        Assert.Equal("userTaskAttributes", task.DefinitionKey);
        Assert.Equal("case-5", task.BusinessKey);
        Assert.Equal("alice", EngineHarness.Text(task.Variables["initiator"]));
    }

    [Fact]
    public async Task FindTasks_EachFilter_MatchesOnlyWhatItShould()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskAttributes.bpmn");
        var instance = await h.StartAsync("userTaskAttributes", new { initiator = "alice" }, businessKey: "case-5");
        var id = (await h.SingleTaskAsync(instance.Id)).Id;

        async Task<bool> Finds(TaskQuery query) => (await h.Engine.FindTasksAsync(query)).Any(t => t.Id == id);

        Assert.True(await Finds(new(Assignee: "alice")));
        Assert.False(await Finds(new(Assignee: "bob")));
        Assert.True(await Finds(new(CandidateGroup: "committee")));
        Assert.False(await Finds(new(CandidateGroup: "finance")));
        Assert.True(await Finds(new(CandidateUser: "carol")));
        Assert.False(await Finds(new(CandidateUser: "dave")));
        Assert.True(await Finds(new(AnyCandidateGroup: ["finance", "office"])));
        Assert.False(await Finds(new(AnyCandidateGroup: ["finance"])));
        Assert.True(await Finds(new(DueBefore: Start.AddDays(6))));
        Assert.False(await Finds(new(DueBefore: Start.AddDays(4))));
        Assert.True(await Finds(new(BusinessKey: "case-5", DefinitionKey: "userTaskAttributes", ActivityId: "review")));
        Assert.False(await Finds(new(BusinessKey: "case-6")));
        Assert.Equal(id, (await h.Engine.GetTaskAsync(id))?.Id);
    }

    [Fact]
    public async Task DueDate_IsoDatePeriodAndExpression_EachResolved()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskDueDates.bpmn");

        var instance = await h.StartAsync("userTaskDueDates", new { deadline = "2026-04-01T00:00:00Z" });

        Assert.Equal(EngineHarness.Utc("2026-03-20T09:00:00Z"), (await h.SingleTaskAsync(instance.Id, "dueIso")).DueAt);
        var period = await h.SingleTaskAsync(instance.Id, "duePeriod");
        Assert.Equal(Start.AddDays(5), period.DueAt);
        Assert.Equal(Start.AddDays(2), period.FollowUpAt);
        Assert.Equal(EngineHarness.Utc("2026-04-01T00:00:00Z"), (await h.SingleTaskAsync(instance.Id, "dueExpression")).DueAt);
    }

    [Fact]
    public async Task FormData_TaskView_ListsFieldsWithTypes()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskForm.bpmn");
        var instance = await h.StartAsync("userTaskForm");

        var task = await h.SingleTaskAsync(instance.Id);

        Assert.Equal(["approved", "comment", "days", "replyBy", "rating"], task.FormFields.Select(f => f.Id));
        var approved = task.FormFields[0];
        Assert.True(approved.Required);
        Assert.Equal("Approved?", approved.Label);
        Assert.Equal(Model.FormFieldType.Boolean, approved.Type);
        Assert.False(task.FormFields[1].Required);
        Assert.Equal(Model.FormFieldType.Long, task.FormFields[2].Type);
        Assert.Equal(Model.FormFieldType.Date, task.FormFields[3].Type);
        Assert.Equal(["good", "poor"], task.FormFields[4].EnumValues.Select(v => v.Id));
    }

    [Fact]
    public async Task FormData_RequiredFieldMissing_RejectedAndNothingChanged()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskForm.bpmn");
        var instance = await h.StartAsync("userTaskForm", new { comment = "initial" });
        var task = await h.SingleTaskAsync(instance.Id);

        var error = await Assert.ThrowsAsync<EngineValidationException>(() =>
            h.Engine.CompleteTaskAsync(task.Id, "alice", EngineHarness.Json(new { comment = "changed" })));

        Assert.True(error.FieldErrors.ContainsKey("approved"), string.Join(", ", error.FieldErrors.Keys));
        Assert.False(error.FieldErrors.ContainsKey("comment"));
        Assert.NotNull(await h.Engine.GetTaskAsync(task.Id));
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("initial", EngineHarness.Text(view.Variables["comment"]));
        Assert.Equal(["decide"], view.ActiveActivityIds);
        Assert.Null(Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "decide").EndedAt);
    }

    [Fact]
    public async Task FormData_WrongTypes_EachFieldReported()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskForm.bpmn");
        var instance = await h.StartAsync("userTaskForm");
        var task = await h.SingleTaskAsync(instance.Id);

        var error = await Assert.ThrowsAsync<EngineValidationException>(() => h.Engine.CompleteTaskAsync(task.Id, "alice",
            EngineHarness.Json(new { approved = "yes", days = "three", replyBy = "next week", rating = "excellent" })));

        Assert.Equal(["approved", "days", "rating", "replyBy"], error.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(await h.Engine.GetTaskAsync(task.Id));
        Assert.False((await h.InstanceAsync(instance.Id)).Variables.ContainsKey("days"));
    }

    [Fact]
    public async Task FormData_LongWithFraction_Rejected()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskForm.bpmn");
        var instance = await h.StartAsync("userTaskForm");
        var task = await h.SingleTaskAsync(instance.Id);

        var error = await Assert.ThrowsAsync<EngineValidationException>(() =>
            h.Engine.CompleteTaskAsync(task.Id, "alice", EngineHarness.Json(new { approved = true, days = 2.5 })));

        Assert.Equal(["days"], error.FieldErrors.Keys);
    }

    [Fact]
    public async Task FormData_ValidValues_CompletesAndStoresVariablesWithWho()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskForm.bpmn");
        var instance = await h.StartAsync("userTaskForm");
        var task = await h.SingleTaskAsync(instance.Id);

        await h.Engine.CompleteTaskAsync(task.Id, "alice", EngineHarness.Json(new
        {
            approved = true, comment = "fine", days = 3, replyBy = "2026-03-10T00:00:00Z", rating = "good",
        }));

        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("completed", view.State);
        Assert.True(view.Variables["approved"]!.GetValue<bool>());
        Assert.Equal(3, EngineHarness.Number(view.Variables["days"]));
        Assert.Equal("good", EngineHarness.Text(view.Variables["rating"]));
        Assert.Equal("alice", Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "decide").CompletedBy);
        var approvedSet = Assert.Single(await h.Engine.GetVariableHistoryAsync(instance.Id), v => v.Name == "approved");
        Assert.Equal("alice", approvedSet.SetBy);
        Assert.True(approvedSet.Value!.GetValue<bool>());
    }

    [Fact]
    public async Task Claim_CandidateClaims_BecomesAssigneeOthersConflictNullUnclaims()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "UserTaskForm.bpmn");
        var instance = await h.StartAsync("userTaskForm");
        var task = await h.SingleTaskAsync(instance.Id);
        Assert.Null(task.Assignee);

        await h.Engine.ClaimTaskAsync(task.Id, "bob");
        Assert.Equal("bob", (await h.Engine.GetTaskAsync(task.Id))?.Assignee);

        await Assert.ThrowsAsync<EngineConflictException>(() => h.Engine.ClaimTaskAsync(task.Id, "carol"));
        Assert.Equal("bob", (await h.Engine.GetTaskAsync(task.Id))?.Assignee);

        await h.Engine.ClaimTaskAsync(task.Id, null);
        Assert.Null((await h.Engine.GetTaskAsync(task.Id))?.Assignee);

        await h.Engine.ClaimTaskAsync(task.Id, "carol");
        Assert.Equal("carol", (await h.Engine.GetTaskAsync(task.Id))?.Assignee);
        Assert.Single(await h.Engine.FindTasksAsync(new(Assignee: "carol")));
    }

    [Fact]
    public async Task Claim_UnknownTask_NotFound()
    {
        await using var h = await EngineHarness.CreateAsync();

        await Assert.ThrowsAsync<EngineNotFoundException>(() => h.Engine.ClaimTaskAsync(Guid.NewGuid().ToString(), "bob"));
    }

    [Fact]
    public async Task Complete_TaskAlreadyCompleted_RefusedAndNothingDoubles()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync("Elements/Events/NoneStartEnd.bpmn");
        var instance = await h.StartAsync("noneStartEnd");
        var task = await h.SingleTaskAsync(instance.Id);
        await h.Engine.CompleteTaskAsync(task.Id, "alice");

        await Assert.ThrowsAnyAsync<EngineException>(() => h.Engine.CompleteTaskAsync(task.Id, "bob"));

        Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "end");
        Assert.Equal("alice", Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "review").CompletedBy);
    }
}
