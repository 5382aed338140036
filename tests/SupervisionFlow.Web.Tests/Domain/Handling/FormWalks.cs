using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Scenarios;
using static SupervisionFlow.Web.Tests.Scenarios.ScenarioWorld;

namespace SupervisionFlow.Web.Tests.Domain.Handling;

/// <summary>One user task of the default workflows: how a suggestion gets there, who submits it and with what.</summary>
public sealed record FormWalk(
    string FormKey, string ActivityId, Actor Actor, Func<ScenarioWorld, object> Values, Func<ScenarioWorld, Task<string>> ReachAsync,
    string? CandidateGroup = null)
{
    public override string ToString() => $"{FormKey} ({ActivityId})";
}

/// <summary>
/// A walk to a task for every <c>camunda:formKey</c> of <c>workflows/*.bpmn</c>, along the paths of the scenario
/// tests. <see cref="Settings"/> are the world's settings every walk assumes (quarterly progress reports).
/// </summary>
public static class FormWalks
{
    public static readonly Dictionary<string, string?> Settings = new() { ["Handling:Deadlines:ProgressReportInterval:Months"] = "3" };

    public static readonly IReadOnlyList<FormWalk> All =
    [
        new("office:review", "review", Office, _ => new { decision = "accept" }, async w => Key(await w.SubmitAsync())),
        new("deputy:revise", "revise", Deputy(1), _ => new { title = "关于优化城区公交线网的建议（修改稿）", content = "补充了具体路段和站点。" }, async w =>
        {
            var s = await w.SubmitAsync();
            await w.CompleteAsync(s.Id, "review", Office, new { decision = "revise", reason = "请补充具体路段。" });
            return Key(s);
        }),
        new("office:assign", "assign", Office, _ => new { leadUnitId = "jtj", otherUnitIds = new[] { "gaj" } }, async w =>
        {
            var s = await w.SubmitAsync(SuggestionKind.BetweenSession);
            await w.CompleteAsync(s.Id, "review", Office, new { decision = "accept" });
            return Key(s);
        }),
        new("unit:acknowledge", "acknowledge", Unit("jtj"), _ => new { ackDecision = "accept" }, w => AssignedAsync(w, "jtj", ["gaj"]), Actor.UnitGroup("jtj")),
        new("office:reassign", "decideReassignment", Office, _ => new { reassignApproved = true, toUnitId = "jtj" }, async w =>
        {
            var key = await AssignedAsync(w, "gaj", []);
            await w.CompleteAsync(key, "acknowledge", Unit("gaj"), new { ackDecision = "reassign", reason = "线网规划属交通部门职责。" });
            return key;
        }),
        new("unit:plan", "plan", Unit("jtj"), _ => Plan, w => AcknowledgedAsync(w, "jtj", ["gaj"]), Actor.UnitGroup("jtj")),
        new("unit:contact", "visitBefore", Unit("jtj"), Contact, async w =>
        {
            var key = await PlannedAsync(w, "jtj", ["gaj"]);
            await w.AdvanceAsync("P3D");
            return key;
        }, Actor.UnitGroup("jtj")),
        new("unit:co-opinion", "coOpinion", Unit("gaj"), _ => new { opinion = "同意主办单位意见，配合做好相关工作。" }, w => VisitedBeforeAsync(w, "jtj", ["gaj"]), Actor.UnitGroup("gaj")),
        new("unit:reply", "draftReply", Unit("jtj"), _ => new { resultClass = "A", text = "经研究，已新开社区微循环线路3条。" }, async w =>
        {
            var key = await VisitedBeforeAsync(w, "jtj", []);
            await w.AdvanceAsync("P20D");
            await w.CompleteAsync(key, "visitDuring", Unit("jtj"), Contact(w), Actor.UnitGroup("jtj"));
            return key;
        }, Actor.UnitGroup("jtj")),
        new("committee:opinion", "committeeOpinion", Committee("cjw"), _ => new { committeeAgrees = true, opinion = "同意答复。" }, KeyDraftedAsync),
        new("leader:approval", "leaderApproval", Leader("zhou"), _ => new { leaderApproves = true, comment = "同意。" }, async w =>
        {
            var key = await KeyDraftedAsync(w);
            await w.CompleteAsync(key, "committeeOpinion", Committee("cjw"), new { committeeAgrees = true, opinion = "同意答复。" });
            return key;
        }),
        new("unit:sign-off", "signOff", UnitHead("jtj"), _ => new { signedBy = "赵局长" }, async w =>
        {
            var key = await VisitedBeforeAsync(w, "jtj", []);
            await w.AdvanceAsync("P20D");
            await w.CompleteAsync(key, "visitDuring", Unit("jtj"), Contact(w), Actor.UnitGroup("jtj"));
            await w.CompleteAsync(key, "draftReply", Unit("jtj"), new { resultClass = "A", text = "已解决。" }, Actor.UnitGroup("jtj"));
            return key;
        }, Actor.UnitHeadGroup("jtj")),
        new("deputy:evaluate", "evaluate", Deputy(1), _ => new { attitude = "Satisfied", result = "Satisfied" }, w => HandledAsync(w, "A"), Actor.DeputyGroup(1)),
        new("office:overdue", "superviseOverdue", Office, _ => new { supervisionNote = "已电话督办，要求一周内答复。" }, async w =>
        {
            var key = await AcknowledgedAsync(w, "jtj", []);
            await w.AdvanceAsync("P3M1D");
            return key;
        }),
        new("office:extension", "decideExtension", Office, _ => new { approved = true }, ExtensionRequestedAsync),
        new("office:interview", "interview", Office, w => new { heldOn = w.Today(), summary = "约谈局长，要求重新办理。" }, UnsatisfiedOnceAsync),
        new("office:inquiry-proposal", "proposeInquiry", Office, _ => new { topicTitle = "城区公共交通服务专题询问", groupBy = "unit" }, UnsatisfiedTwiceAsync),
        new("leaders:inquiry-decision", "decideInquiry", Leaders, _ => new { inquiryDecision = "hold" }, InquirySubmittedAsync),
        new("office:inquiry-meeting", "holdInquiry", Office, w => new { meetingOn = w.Today(), summary = "常委会会议专题询问公交服务。" }, async w =>
        {
            var key = await InquirySubmittedAsync(w);
            await w.CompleteAsync(key, "decideInquiry", Leaders, new { inquiryDecision = "hold" });
            return key;
        }),
        new("office:inquiry-follow-up", "followUpInquiry", Office, _ => new { followUp = "整改措施已落实。" }, async w =>
        {
            var key = await InquirySubmittedAsync(w);
            await w.CompleteAsync(key, "decideInquiry", Leaders, new { inquiryDecision = "hold" });
            await w.CompleteAsync(key, "holdInquiry", Office, new { meetingOn = w.Today(), summary = "常委会会议专题询问公交服务。" });
            return key;
        }),
        new("unit:progress", "progressReport", Unit("jtj"), _ => new { progress = "已完成一期工程。", solved = false }, ProgressDueAsync),
        new("deputy:progress-evaluation", "evaluateProgress", Deputy(1), _ => new { rating = "Satisfied" }, async w =>
        {
            var key = await ProgressDueAsync(w);
            await w.CompleteAsync(key, "progressReport", Unit("jtj"), new { progress = "全部完成。", solved = true });
            return key;
        }),
    ];

    public static FormWalk For(string formKey) => All.Single(w => w.FormKey == formKey);

    private static object Plan => new { handlerName = "刘经办", handlerPhone = "028-1234567", plan = "会同相关部门调研论证，分步实施。", plannedCompletionOn = "2026-05-20" };

    private static object Contact(ScenarioWorld w) => new { contactedOn = w.Today(), method = "上门拜访", summary = "听取代表意见，明确办理重点。" };

    private static string Key(Suggestion s) => s.Id.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> AssignedAsync(ScenarioWorld w, string lead, string[] others, bool isKey = false)
    {
        var s = await w.SubmitAsync(category: isKey ? "城乡建设与管理" : "交通邮电");
        await w.AcceptAndAssignAsync(s.Id, lead, others, isKey);
        return Key(s);
    }

    private static async Task<string> AcknowledgedAsync(ScenarioWorld w, string lead, string[] others, bool isKey = false)
    {
        var key = await AssignedAsync(w, lead, others, isKey);
        await w.CompleteAsync(key, "acknowledge", Unit(lead), new { ackDecision = "accept" }, Actor.UnitGroup(lead));
        return key;
    }

    private static async Task<string> PlannedAsync(ScenarioWorld w, string lead, string[] others, bool isKey = false)
    {
        var key = await AcknowledgedAsync(w, lead, others, isKey);
        await w.CompleteAsync(key, "plan", Unit(lead), Plan, Actor.UnitGroup(lead));
        return key;
    }

    private static async Task<string> VisitedBeforeAsync(ScenarioWorld w, string lead, string[] others, bool isKey = false)
    {
        var key = await PlannedAsync(w, lead, others, isKey);
        await w.AdvanceAsync("P3D");
        await w.CompleteAsync(key, "visitBefore", Unit(lead), Contact(w), Actor.UnitGroup(lead));
        return key;
    }

    private static async Task<string> KeyDraftedAsync(ScenarioWorld w)
    {
        var key = await VisitedBeforeAsync(w, "zjj", [], isKey: true);
        await w.CompleteAsync(key, "visitDuring", Unit("zjj"), Contact(w), Actor.UnitGroup("zjj"));
        await w.CompleteAsync(key, "draftReply", Unit("zjj"), new { resultClass = "A", text = "已解决。" }, Actor.UnitGroup("zjj"));
        return key;
    }

    private static async Task<string> HandledAsync(ScenarioWorld w, string resultClass)
    {
        var s = await w.SubmitAsync();
        await w.AcceptAndAssignAsync(s.Id, "jtj", []);
        await w.HandleAsync(s.Id, "jtj", resultClass);
        return Key(s);
    }

    /// <summary>A pending extension request of the lead unit (to 2026-08-31), before the office's 延期审批.</summary>
    public static async Task<string> ExtensionRequestedAsync(ScenarioWorld w)
    {
        var key = await AcknowledgedAsync(w, "jtj", []);
        await w.WithScopeAsync(async s =>
        {
            await s.GetRequiredService<SuggestionActions>().RequestExtensionAsync(
                int.Parse(key, CultureInfo.InvariantCulture), "jtj", "涉及多部门协调，需延期。", new DateOnly(2026, 8, 31), Unit("jtj"));
            return 0;
        });
        return key;
    }

    private static async Task<string> UnsatisfiedOnceAsync(ScenarioWorld w)
    {
        var key = await HandledAsync(w, "C");
        await w.EvaluateAsync(int.Parse(key, CultureInfo.InvariantCulture), 1, "Unsatisfied", "未解决实际问题。");
        return key;
    }

    private static async Task<string> UnsatisfiedTwiceAsync(ScenarioWorld w)
    {
        var key = await UnsatisfiedOnceAsync(w);
        await w.CompleteAsync(key, "interview", Office, new { heldOn = w.Today(), summary = "约谈局长，要求重新办理。" });
        await w.CompleteAsync(key, "rehandle", Unit("jtj"), new { resultClass = "B", text = "已列入年度计划。" });
        await w.CompleteAsync(key, "rehandleSignOff", UnitHead("jtj"), new { signedBy = "赵局长" });
        await w.EvaluateAsync(int.Parse(key, CultureInfo.InvariantCulture), 1, "Unsatisfied", "仍不满意。");
        return key;
    }

    private static async Task<string> InquirySubmittedAsync(ScenarioWorld w)
    {
        var key = await UnsatisfiedTwiceAsync(w);
        await w.CompleteAsync(key, "proposeInquiry", Office, new { topicTitle = "城区公共交通服务专题询问", groupBy = "unit" });
        var topic = await w.WithScopeAsync(async s =>
        {
            var id = s.GetRequiredService<AppDbContext>().Set<InquiryTopic>().Single().Id;
            return await s.GetRequiredService<SuggestionActions>().SubmitInquiryTopicAsync(id, Office);
        });
        return ProcessKeys.InquiryBusinessKey(topic.Id);
    }

    private static async Task<string> ProgressDueAsync(ScenarioWorld w)
    {
        var key = await HandledAsync(w, "B");
        await w.EvaluateAsync(int.Parse(key, CultureInfo.InvariantCulture), 1, "BasicallySatisfied");
        await w.AdvanceAsync("P3M1D");
        return key;
    }
}
