using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Workflows;

/// <summary>
/// The default processes in <c>workflows/*.bpmn</c>: they deploy, carry a complete diagram, and have the shape the
/// domain code relies on (task ids, candidate groups, form keys, handlers). Handlers and date functions are stand-ins
/// here (calendar days, no holidays): the real working-day calendar and handlers are tested with the domain.
/// </summary>
public sealed class DefaultWorkflowsTests
{
    private const string BusinessKey = "S-2026-017";
    private const string LeadUnit = "u-transport";
    private const string CoUnit = "u-finance";
    private const string Deputy = "d-wang";

    private static readonly string[] HandlerNames =
    [
        "notifyAssigned", "deliverReply", "tallyEvaluation", "markNotEvaluated", "recordWithdrawal", "closeSuggestion",
        "notifyEvaluationDue", "recordOverdue",
    ];

    private static readonly string[] ProcessKeys =
        ["b-class-follow-up", "between-session-suggestion", "session-suggestion", "special-inquiry", "suggestion-handling"];

    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";
    private static readonly XNamespace Dc = "http://www.omg.org/spec/DD/20100524/DC";

    // ---------------------------------------------------------------- the files

    [Fact]
    public async Task DeployAll_EveryWorkflowFile_IsCreatedWithItsProcess()
    {
        await using var run = await WorkflowRun.CreateAsync();

        var keys = new List<string>();
        foreach (var file in WorkflowFiles())
        {
            var result = await run.H.Engine.DeployAsync(await File.ReadAllTextAsync(file));
            Assert.True(result.Created, $"{Path.GetFileName(file)} created no definition");
            keys.AddRange(result.Definitions.Select(d => d.Key));
        }

        Assert.Equal(ProcessKeys, keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Diagram_EveryWorkflowFile_HasAShapeForEveryNodeAndAnEdgeForEveryFlow()
    {
        foreach (var file in WorkflowFiles())
        {
            var document = XDocument.Load(file);
            var process = Assert.Single(document.Root!.Elements(Bpmn + "process"));
            var elements = process.Descendants()
                .Where(e => e.Name.Namespace == Bpmn && e.Attribute("id") is not null && e.Name.LocalName != "multiInstanceLoopCharacteristics"
                            && !e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal))
                .ToList();
            var plane = Assert.Single(document.Descendants(BpmnDi + "BPMNPlane"));
            Assert.Equal((string?)process.Attribute("id"), (string?)plane.Attribute("bpmnElement"));
            var shapes = document.Descendants(BpmnDi + "BPMNShape").ToDictionary(s => (string)s.Attribute("bpmnElement")!);
            var edges = document.Descendants(BpmnDi + "BPMNEdge").ToDictionary(s => (string)s.Attribute("bpmnElement")!);
            foreach (var element in elements)
            {
                var id = (string)element.Attribute("id")!;
                if (element.Name.LocalName == "sequenceFlow")
                {
                    Assert.True(edges.TryGetValue(id, out var edge), $"{file}: flow '{id}' has no BPMNEdge");
                    Assert.True(edge.Elements().Count(w => w.Name.LocalName == "waypoint") >= 2, $"{file}: edge of '{id}' has fewer than 2 waypoints");
                    continue;
                }
                Assert.True(shapes.TryGetValue(id, out var shape), $"{file}: '{id}' has no BPMNShape");
                var bounds = shape.Element(Dc + "Bounds");
                Assert.NotNull(bounds);
                Assert.True(double.Parse((string)bounds.Attribute("width")!, CultureInfo.InvariantCulture) > 0, $"{file}: '{id}' has no width");
                if (element.Name.LocalName == "subProcess")
                {
                    Assert.Equal("true", (string?)shape.Attribute("isExpanded"));
                }
                // Users read the diagram in Chinese: every flow node is named, in Chinese.
                var name = (string?)element.Attribute("name");
                Assert.False(string.IsNullOrWhiteSpace(name), $"{file}: '{id}' has no name");
                Assert.Contains(name, c => c >= '\u4e00' && c <= '\u9fff');
            }
        }
    }

    // ---------------------------------------------------------------- a session suggestion

    [Fact]
    public async Task SessionSuggestion_HappyPathWithOneCoUnit_RunsFromReviewToClose()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        var parent = await run.StartSessionSuggestionAsync();

        var review = await run.TaskAsync("review");
        Assert.Equal(["office"], review.CandidateGroups);
        Assert.Equal("office:review", review.FormKey);
        Assert.Null(review.DueAt); // session suggestions wait for the 交办会
        await run.CompleteAsync("review", new { decision = "accept" });

        var assign = await run.TaskAsync("assign");
        Assert.Equal(["office"], assign.CandidateGroups);
        var assignedAt = run.H.Clock.GetUtcNow();
        await run.CompleteAsync("assign", Assignment(assignedAt));
        Assert.Equal(["notifyAssigned"], run.Calls);

        var child = Assert.Single(await run.H.Engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: "suggestion-handling")));
        Assert.Equal(BusinessKey, child.BusinessKey);
        Assert.Equal(parent.Id, child.ParentInstanceId);

        var acknowledge = await run.TaskAsync("acknowledge");
        Assert.Equal(["unit:" + LeadUnit], acknowledge.CandidateGroups);
        Assert.Equal("unit:acknowledge", acknowledge.FormKey);
        Assert.Equal(assignedAt.AddDays(7).UtcDateTime, acknowledge.DueAt);
        await run.CompleteAsync("acknowledge", new { ackDecision = "accept" });

        var plan = await run.TaskAsync("plan");
        Assert.Equal(["unit:" + LeadUnit], plan.CandidateGroups);
        Assert.Equal(assignedAt.AddDays(15).UtcDateTime, plan.DueAt);
        await run.CompleteAsync("plan");

        var visitBefore = await run.TaskAsync("visitBefore");
        Assert.Equal("unit:contact", visitBefore.FormKey);
        Assert.Equal(assignedAt.AddDays(20).UtcDateTime, visitBefore.DueAt);
        await run.CompleteAsync("visitBefore");

        Assert.Equal(["coOpinion", "visitDuring"], await run.OpenActivityIdsAsync());
        var coOpinion = await run.TaskAsync("coOpinion");
        Assert.Equal(["unit:" + CoUnit], coOpinion.CandidateGroups);
        Assert.Equal("unit:co-opinion", coOpinion.FormKey);
        Assert.Equal(assignedAt.AddMonths(1).UtcDateTime, coOpinion.DueAt);
        Assert.Equal(["unit:" + LeadUnit], (await run.TaskAsync("visitDuring")).CandidateGroups);
        await run.CompleteAsync("coOpinion");
        Assert.Equal(["visitDuring"], await run.OpenActivityIdsAsync());
        await run.CompleteAsync("visitDuring");

        var draft = await run.TaskAsync("draftReply");
        Assert.Equal("unit:reply", draft.FormKey);
        Assert.Equal(assignedAt.AddMonths(3).UtcDateTime, draft.DueAt);
        await run.CompleteAsync("draftReply", new { resultClass = "A", needsFollowUp = false });

        var signOff = await run.TaskAsync("signOff"); // not a key suggestion: straight to the head
        Assert.Equal(["unitHead:" + LeadUnit], signOff.CandidateGroups);
        Assert.Equal(assignedAt.AddMonths(3).UtcDateTime, signOff.DueAt);
        await run.CompleteAsync("signOff");
        Assert.Contains("deliverReply", run.Calls);

        Assert.Equal(["unit:" + LeadUnit], (await run.TaskAsync("visitAfter")).CandidateGroups);
        await run.CompleteAsync("visitAfter");

        var evaluate = await run.TaskAsync("evaluate");
        Assert.Equal(["deputy:" + Deputy], evaluate.CandidateGroups);
        Assert.Equal("deputy:evaluate", evaluate.FormKey);
        Assert.Equal(run.H.Clock.GetUtcNow().AddDays(15).UtcDateTime, evaluate.DueAt);
        run.NextUnsatisfied = false;
        await run.CompleteAsync("evaluate", new { rating = "satisfied" });

        Assert.Equal(["notifyAssigned", "deliverReply", "notifyEvaluationDue", "tallyEvaluation", "closeSuggestion"], run.Calls);
        Assert.Empty(await run.OpenTasksAsync());
        Assert.Equal("completed", (await run.H.InstanceAsync(child.Id)).State);
        var done = await run.H.InstanceAsync(parent.Id);
        Assert.Equal("completed", done.State);
        Assert.Contains("end", await run.H.HistoryActivityIdsAsync(parent.Id));
        Assert.Contains("closeSuggestion", await run.H.HistoryActivityIdsAsync(child.Id));
    }

    [Fact]
    public async Task SessionSuggestion_WithdrawnDuringHandling_StopsHandlingAndRecordsIt()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        var parent = await run.StartSessionSuggestionAsync();
        await run.CompleteAsync("review", new { decision = "accept" });
        await run.CompleteAsync("assign", Assignment(run.H.Clock.GetUtcNow()));
        await run.CompleteAsync("acknowledge", new { ackDecision = "accept" });
        var child = Assert.Single(await run.H.Engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: "suggestion-handling")));

        var correlated = await run.H.Engine.CorrelateMessageAsync("withdrawn", BusinessKey);

        Assert.Equal(1, correlated);
        Assert.Equal(["notifyAssigned", "recordWithdrawal"], run.Calls);
        Assert.Empty(await run.OpenTasksAsync());
        Assert.NotEqual("active", (await run.H.InstanceAsync(child.Id)).State);
        Assert.Equal("completed", (await run.H.InstanceAsync(parent.Id)).State);
        Assert.Contains("withdrawnEnd", await run.H.HistoryActivityIdsAsync(parent.Id));
        Assert.Empty(await run.H.Engine.GetTimersAsync(child.Id));
    }

    [Fact]
    public async Task SessionSuggestion_WithdrawnBeforeAssignment_EndsWithdrawn()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        var parent = await run.StartSessionSuggestionAsync();
        await run.CompleteAsync("review", new { decision = "accept" });

        Assert.Equal(1, await run.H.Engine.CorrelateMessageAsync("withdrawn", BusinessKey));

        Assert.Equal(["recordWithdrawal"], run.Calls);
        Assert.Empty(await run.OpenTasksAsync());
        Assert.Contains("withdrawnEnd", await run.H.HistoryActivityIdsAsync(parent.Id));
        Assert.Empty(await run.H.Engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: "suggestion-handling")));
    }

    [Fact]
    public async Task SessionSuggestion_ReturnedForRevision_ComesBackToReview()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        await run.StartSessionSuggestionAsync();

        await run.CompleteAsync("review", new { decision = "revise" });
        var revise = await run.TaskAsync("revise");
        Assert.Equal(["deputy:" + Deputy], revise.CandidateGroups);
        Assert.NotNull(revise.DueAt);
        await run.CompleteAsync("revise");

        Assert.Equal(["review"], await run.OpenActivityIdsAsync());
    }

    // ---------------------------------------------------------------- the other paths of handling

    [Fact]
    public async Task KeySuggestion_ReassignedRejectedByLeaderThenTwiceUnsatisfied_EndsWithInquiryProposal()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        await run.StartSessionSuggestionAsync(isKey: true);
        await run.CompleteAsync("review", new { decision = "accept" });
        await run.CompleteAsync("assign", Assignment(run.H.Clock.GetUtcNow(), coUnits: []));

        // the unit asks to be re-assigned; the office moves the item to another unit, which acknowledges it
        await run.CompleteAsync("acknowledge", new { ackDecision = "reassign" });
        Assert.Equal(["office"], (await run.TaskAsync("decideReassignment")).CandidateGroups);
        await run.CompleteAsync("decideReassignment", new { reassignApproved = true, unit = "u-housing" });
        Assert.Equal(["unit:u-housing"], (await run.TaskAsync("acknowledge")).CandidateGroups);
        await run.CompleteAsync("acknowledge", new { ackDecision = "accept" });
        await run.CompleteAsync("plan");
        await run.CompleteAsync("visitBefore");
        Assert.Equal(["visitDuring"], await run.OpenActivityIdsAsync()); // no co-units: no co-opinion task
        await run.CompleteAsync("visitDuring");

        // a key suggestion's reply needs the committee's opinion and the leader's approval
        await run.CompleteAsync("draftReply", new { resultClass = "C", needsFollowUp = false });
        Assert.Equal(["committee:c-urban"], (await run.TaskAsync("committeeOpinion")).CandidateGroups);
        await run.CompleteAsync("committeeOpinion", new { committeeAgrees = true });
        Assert.Equal(["leader:l-li"], (await run.TaskAsync("leaderApproval")).CandidateGroups);
        await run.CompleteAsync("leaderApproval", new { leaderApproves = false });
        await run.CompleteAsync("draftReply", new { resultClass = "B", needsFollowUp = false });
        await run.CompleteAsync("committeeOpinion", new { committeeAgrees = true });
        await run.CompleteAsync("leaderApproval", new { leaderApproves = true });
        Assert.Equal(["unitHead:u-housing"], (await run.TaskAsync("signOff")).CandidateGroups);
        await run.CompleteAsync("signOff");
        await run.CompleteAsync("visitAfter");

        // 不满意 → 约谈 → re-handling by the lead unit → new reply → new evaluation
        run.NextUnsatisfied = true;
        await run.CompleteAsync("evaluate", new { rating = "unsatisfied" });
        Assert.Equal(["office"], (await run.TaskAsync("interview")).CandidateGroups);
        await run.CompleteAsync("interview");
        var rehandle = await run.TaskAsync("rehandle");
        Assert.Equal(["unit:" + LeadUnit], rehandle.CandidateGroups); // handlingUnits[0]
        Assert.Equal(run.H.Clock.GetUtcNow().AddMonths(1).UtcDateTime, rehandle.DueAt);
        await run.CompleteAsync("rehandle", new { resultClass = "B", round = 2 });
        Assert.Equal(["unitHead:" + LeadUnit], (await run.TaskAsync("rehandleSignOff")).CandidateGroups);
        await run.CompleteAsync("rehandleSignOff");
        Assert.Equal(2, run.Calls.Count(c => c == "deliverReply"));
        Assert.Equal(2, run.Calls.Count(c => c == "notifyEvaluationDue"));

        await run.CompleteAsync("evaluate", new { rating = "unsatisfied" });

        Assert.Equal(["office"], (await run.TaskAsync("proposeInquiry")).CandidateGroups);
        await run.CompleteAsync("proposeInquiry");
        Assert.Empty(await run.OpenTasksAsync());
        Assert.Equal("closeSuggestion", run.Calls[^1]);
    }

    [Fact]
    public async Task Handling_ReplyOverdueAndExtensionRequested_OfficeGetsTasksWhileHandlingGoesOn()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        await run.StartSessionSuggestionAsync();
        await run.CompleteAsync("review", new { decision = "accept" });
        await run.CompleteAsync("assign", Assignment(run.H.Clock.GetUtcNow()));
        await run.CompleteAsync("acknowledge", new { ackDecision = "accept" });

        Assert.Equal(1, await run.H.Engine.CorrelateMessageAsync("extensionRequested", BusinessKey));
        var extension = await run.TaskAsync("decideExtension");
        Assert.Equal(["office"], extension.CandidateGroups);
        Assert.Equal("office:extension", extension.FormKey);
        await run.CompleteAsync("decideExtension");

        await run.H.AdvanceAndFireAsync(TimeSpan.FromDays(93));

        Assert.Contains("recordOverdue", run.Calls);
        Assert.Equal(["office"], (await run.TaskAsync("superviseOverdue")).CandidateGroups);
        Assert.Equal(["plan", "superviseOverdue"], await run.OpenActivityIdsAsync());
    }

    [Fact]
    public async Task Evaluation_WindowExpires_RecordedAsNotEvaluatedAndClosed()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        await run.StartSessionSuggestionAsync();
        await run.CompleteAsync("review", new { decision = "accept" });
        await run.CompleteAsync("assign", Assignment(run.H.Clock.GetUtcNow(), coUnits: []));
        foreach (var step in new[] { "acknowledge", "plan", "visitBefore", "visitDuring", "draftReply", "signOff", "visitAfter" })
        {
            await run.CompleteAsync(step, new { ackDecision = "accept", resultClass = "A", needsFollowUp = false });
        }
        Assert.Equal(["evaluate"], await run.OpenActivityIdsAsync());

        await run.H.AdvanceAndFireAsync(TimeSpan.FromDays(16));

        Assert.Equal(["markNotEvaluated", "tallyEvaluation", "closeSuggestion"], run.Calls[^3..]);
        Assert.Empty(await run.OpenTasksAsync());
    }

    [Fact]
    public async Task BClassReply_FollowUpReportsUntilSolvedThenDeputyRates()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        var parent = await run.StartSessionSuggestionAsync();
        await run.CompleteAsync("review", new { decision = "accept" });
        await run.CompleteAsync("assign", Assignment(run.H.Clock.GetUtcNow(), coUnits: []));
        foreach (var step in new[] { "acknowledge", "plan", "visitBefore", "visitDuring", "draftReply", "signOff", "visitAfter", "evaluate" })
        {
            await run.CompleteAsync(step, new { ackDecision = "accept", resultClass = "B", needsFollowUp = true });
        }
        var followUp = Assert.Single(await run.H.Engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: "b-class-follow-up")));
        Assert.Equal(BusinessKey, followUp.BusinessKey);
        Assert.Empty(await run.OpenTasksAsync()); // waiting for the yearly report date

        await run.H.AdvanceAndFireAsync(TimeSpan.FromDays(366));
        Assert.Equal(["unit:" + LeadUnit], (await run.TaskAsync("progressReport")).CandidateGroups);
        await run.CompleteAsync("progressReport", new { solved = false });
        Assert.Empty(await run.OpenTasksAsync());
        await run.H.AdvanceAndFireAsync(TimeSpan.FromDays(366));
        await run.CompleteAsync("progressReport", new { solved = true });
        Assert.Equal(["deputy:" + Deputy], (await run.TaskAsync("evaluateProgress")).CandidateGroups);
        await run.CompleteAsync("evaluateProgress");

        Assert.Equal("completed", (await run.H.InstanceAsync(parent.Id)).State);
        Assert.Equal("closeSuggestion", run.Calls[^1]);
    }

    [Fact]
    public async Task BetweenSessionSuggestion_ReviewAndAssignment_HaveTheAssignmentWindowAsDeadline()
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        var submittedAt = run.H.Clock.GetUtcNow();
        await run.H.StartAsync("between-session-suggestion", SuggestionVariables(false, "betweenSession", submittedAt), BusinessKey);

        Assert.Equal(submittedAt.AddDays(10).UtcDateTime, (await run.TaskAsync("review")).DueAt);
        await run.CompleteAsync("review", new { decision = "accept" });
        var assign = await run.TaskAsync("assign");
        Assert.Equal(submittedAt.AddDays(10).UtcDateTime, assign.DueAt);
        Assert.Equal("office:assign", assign.FormKey);
        await run.CompleteAsync("assign", Assignment(run.H.Clock.GetUtcNow()));

        Assert.Equal(["unit:" + LeadUnit], (await run.TaskAsync("acknowledge")).CandidateGroups);
    }

    [Theory]
    [InlineData("hold", new[] { "holdInquiry", "followUpInquiry" })]
    [InlineData("reject", new string[0])]
    public async Task SpecialInquiry_LeadersDecide_HoldRunsMeetingAndFollowUp(string decision, string[] officeSteps)
    {
        await using var run = await WorkflowRun.CreateAsync();
        await run.DeployAllAsync();
        var inquiry = await run.H.StartAsync("special-inquiry", new { topic = "交通拥堵" }, "INQ-2026-1");

        var decide = await run.H.SingleTaskAsync(inquiry.Id);
        Assert.Equal(["leaders"], decide.CandidateGroups);
        Assert.Equal("leaders:inquiry-decision", decide.FormKey);
        await run.H.CompleteAsync(inquiry.Id, "decideInquiry", new { inquiryDecision = decision });
        foreach (var step in officeSteps)
        {
            Assert.Equal(["office"], (await run.H.SingleTaskAsync(inquiry.Id, step)).CandidateGroups);
            await run.H.CompleteAsync(inquiry.Id, step);
        }

        Assert.Equal("completed", (await run.H.InstanceAsync(inquiry.Id)).State);
    }

    // ---------------------------------------------------------------- support

    private static object Assignment(DateTimeOffset assignedAt, string[]? coUnits = null) => new
    {
        handlingUnits = new[] { LeadUnit },
        coUnits = coUnits ?? [CoUnit],
        assignedAt = Iso(assignedAt),
        replyDue = Iso(assignedAt.AddMonths(3)), // 代表法 Art. 51 (the real calendar moves it off holidays)
        handlingProcess = "suggestion-handling", // 交办 chooses the handling process (ProcessSelection in the web host)
        handlingVersion = (int?)null,
    };

    private static object SuggestionVariables(bool isKey, string kind, DateTimeOffset submittedAt) => new
    {
        suggestionId = BusinessKey,
        title = "关于优化城区公交线路的建议",
        kind,
        submittedAt = Iso(submittedAt),
        leadDeputyId = Deputy,
        isKey,
        committeeId = "c-urban",
        leaderId = "l-li",
        evaluators = new[] { Deputy },
        round = 1,
    };

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseIso(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static IEnumerable<string> WorkflowFiles()
    {
        var files = Directory.GetFiles(RepoPaths.Workflows, "*.bpmn").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>A harness with the eight handlers (recording their calls) and calendar-day date functions.</summary>
    private sealed class WorkflowRun : IAsyncDisposable
    {
        private WorkflowRun(EngineHarness h, List<string> calls)
        {
            H = h;
            Calls = calls;
        }

        public EngineHarness H { get; }

        public List<string> Calls { get; }

        /// <summary>What the stand-in tallyEvaluation reports next.</summary>
        public bool NextUnsatisfied { get; set; }

        public static async Task<WorkflowRun> CreateAsync()
        {
            var calls = new List<string>();
            WorkflowRun? run = null;
            EngineHarness? harness = null;
            string Today() => Iso(harness!.Clock.GetUtcNow());
            var h = await EngineHarness.CreateAsync(
                handlers: hs =>
                {
                    foreach (var name in HandlerNames)
                    {
                        hs.Register(name, (ctx, _) =>
                        {
                            calls.Add(name);
                            if (name == "tallyEvaluation")
                            {
                                ctx.SetVariable("unsatisfied", JsonValue.Create(run!.NextUnsatisfied));
                            }
                            return Task.CompletedTask;
                        });
                    }
                },
                functions: fs => fs
                    .Register("today", (Func<string>)Today)
                    .Register("addWorkingDays", (Func<string, double, string>)((from, days) => Iso(ParseIso(from).AddDays(days))))
                    .Register("addMonths", (Func<string, double, string>)((from, months) => Iso(ParseIso(from).AddMonths((int)months))))
                    .Register("deadline", (Func<string, string, string>)Deadline));
            harness = h;
            run = new WorkflowRun(h, calls);
            return run;
        }

        /// <summary>The profile's named deadlines in calendar days and months (defaults of the issue).</summary>
        private static string Deadline(string name, string from)
        {
            var start = ParseIso(from);
            return Iso(name switch
            {
                "reply" => start.AddMonths(3),
                "replyExtended" => start.AddMonths(6),
                "reassignmentWindow" => start.AddDays(7),
                "coUnitOpinion" => start.AddMonths(1),
                "firstContact" => start.AddDays(20),
                "evaluationWindow" => start.AddDays(15),
                "rehandling" => start.AddMonths(1),
                "betweenSessionAssignment" => start.AddDays(10),
                "progressReportInterval" => start.AddYears(1),
                _ => throw new ArgumentException($"unknown deadline '{name}'", nameof(name)),
            });
        }

        public async Task DeployAllAsync()
        {
            foreach (var file in WorkflowFiles())
            {
                await H.Engine.DeployAsync(await File.ReadAllTextAsync(file));
            }
        }

        public Task<ProcessInstanceView> StartSessionSuggestionAsync(bool isKey = false) =>
            H.StartAsync("session-suggestion", SuggestionVariables(isKey, "session", H.Clock.GetUtcNow()), BusinessKey);

        /// <summary>Open tasks of the suggestion in every process it runs in (caller and called).</summary>
        public Task<IReadOnlyList<TaskView>> OpenTasksAsync() => H.Engine.FindTasksAsync(new TaskQuery(BusinessKey: BusinessKey));

        public async Task<IReadOnlyList<string>> OpenActivityIdsAsync() =>
            [.. (await OpenTasksAsync()).Select(t => t.ActivityId).Order(StringComparer.Ordinal)];

        public async Task<TaskView> TaskAsync(string activityId)
        {
            var open = await OpenTasksAsync();
            var matching = open.Where(t => t.ActivityId == activityId).ToList();
            Assert.True(matching.Count == 1, $"expected one open '{activityId}' task, found: {string.Join(", ", open.Select(t => t.ActivityId))}");
            return matching[0];
        }

        public async Task CompleteAsync(string activityId, object? variables = null)
        {
            var task = await TaskAsync(activityId);
            await H.Engine.CompleteTaskAsync(task.Id, "tester", variables is null ? null : EngineHarness.Json(variables));
        }

        public ValueTask DisposeAsync() => H.DisposeAsync();
    }
}
