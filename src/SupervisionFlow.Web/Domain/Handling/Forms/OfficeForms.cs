using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>调整承办单位 (office): approve a re-assignment to another unit, or refuse (the unit must then sign).</summary>
public sealed class ReassignForm : ITaskForm
{
    public string FormKey => "office:reassign";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var approved = form.Input.Bool("reassignApproved", "是否同意调整");
        var target = form.Input.Text("toUnitId", "调整后承办单位", required: approved == true, maxLength: 50);
        var reason = form.Input.Text("reason", "理由", required: approved == false);
        var from = form.Unit;
        if (target is not null && (target == from || !await form.Db.Set<HandlingUnit>().AnyAsync(u => u.Id == target && u.IsActive, cancellationToken)))
        {
            form.Input.Fail("toUnitId", target == from ? "调整后的单位与原单位相同" : $"承办单位“{target}”不存在");
        }
        form.Input.ThrowIfInvalid();
        form.Db.Add(new ReassignmentDecision
        {
            SuggestionId = form.Suggestion.Id, FromUnitId = from, ToUnitId = approved == true ? target : null, Approved = approved!.Value,
            Reason = reason, RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        var variables = new JsonObject { ["reassignApproved"] = approved.Value };
        if (approved.Value)
        {
            var old = form.Suggestion.Units.First(u => u.UnitId == from && u.IsActive);
            old.IsActive = false;
            form.Suggestion.Units.Add(new SuggestionUnit { UnitId = target!, Role = old.Role });
            variables["unit"] = target;
            var handling = form.Task.Variables["handlingUnits"] as JsonArray ?? [];
            variables["handlingUnits"] = new JsonArray([.. handling.Select(u => (JsonNode?)(u?.ToString() == from ? target : u?.ToString()))]);
        }
        return variables;
    }
}

/// <summary>逾期督办 (office): how the overdue reply was chased.</summary>
public sealed class OverdueSupervisionForm : ITaskForm
{
    public string FormKey => "office:overdue";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var note = form.Input.Text("supervisionNote", "督办情况");
        form.Input.ThrowIfInvalid();
        var record = await form.LatestAsync<OverdueRecord>(null, cancellationToken);
        if (record is null)
        {
            form.Db.Add(new OverdueRecord
            {
                SuggestionId = form.Suggestion.Id, DueOn = form.Suggestion.ReplyDueOn ?? form.Today, SupervisionNote = note,
                RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
            });
        }
        else
        {
            record.SupervisionNote = note;
        }
        return new JsonObject();
    }
}

/// <summary>
/// 延期审批 (office): approving moves the reply deadline — never beyond the extended limit counted from assignment —
/// and with it the deadline guard timer and the due dates of the reply tasks, in the same transaction.
/// </summary>
public sealed class ExtensionDecisionForm : ITaskForm
{
    public string FormKey => "office:extension";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var approved = form.Input.Bool("approved", "是否同意延期");
        var granted = form.Input.Date("grantedDueOn", "延期至", required: false);
        var note = form.Input.Text("decisionNote", "审批意见", required: approved == false);
        var request = await form.LatestAsync<ExtensionRequest>(q => q.Where(r => r.Approved == null), cancellationToken);
        if (request is null)
        {
            form.Input.Fail("approved", "没有待审批的延期申请");
        }
        var suggestion = form.Suggestion;
        var assignedOn = Calendar.ChinaTime.DateOf(suggestion.AssignedAt ?? form.NowUtc);
        var limit = form.Deadline("replyExtended", assignedOn);
        var newDue = granted ?? request?.RequestedDueOn;
        if (approved == true && newDue is { } wanted)
        {
            if (wanted > limit)
            {
                form.Input.Fail("grantedDueOn", $"延期后的答复期限不能晚于 {limit:yyyy年M月d日}（交办之日起的最长期限）");
            }
            if (suggestion.ReplyDueOn is { } current && wanted <= current)
            {
                form.Input.Fail("grantedDueOn", $"延期后的期限应晚于现期限 {current:yyyy年M月d日}");
            }
        }
        form.Input.ThrowIfInvalid();
        request!.Approved = approved;
        request.DecidedBy = form.Actor.UserName;
        request.DecidedAt = form.NowUtc;
        request.DecisionNote = note;
        var variables = new JsonObject { ["extensionApproved"] = approved!.Value };
        if (approved.Value)
        {
            var due = newDue!.Value;
            request.GrantedDueOn = due;
            suggestion.ReplyDueOn = due;
            var dueIso = FormContext.EndOfDayIso(due);
            var dueUtc = Calendar.ChinaTime.EndOfDay(due).UtcDateTime;
            // Tracked changes only: they commit with the decision and the task's completion, or not at all.
            await form.Engine.SetTimerDueAsync(form.Task.ProcessInstanceId, ProcessKeys.ReplyOverdueTimer, dueUtc, cancellationToken);
            foreach (var activity in ProcessKeys.ReplyDeadlineTasks)
            {
                await form.Engine.SetTaskDueAsync(form.Task.ProcessInstanceId, activity, dueUtc, cancellationToken);
            }
            variables["replyDue"] = dueIso;
        }
        return variables;
    }
}

/// <summary>约谈 (office): the interview of the responsible head after an unsatisfactory rating.</summary>
public sealed class InterviewForm : ITaskForm
{
    public string FormKey => "office:interview";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var heldOn = form.Input.Date("heldOn", "约谈日期");
        var participants = form.Input.Text("participants", "参加人员", required: false, maxLength: 500);
        var summary = form.Input.Text("summary", "约谈情况");
        form.Input.ThrowIfInvalid();
        form.Db.Add(new Interview
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, HeldOn = heldOn!.Value, Participants = participants, Summary = summary!,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        form.Suggestion.State = SuggestionState.Rehandling;
        return Task.FromResult(new JsonObject());
    }
}

/// <summary>
/// 提出专题询问建议 (office): puts the twice-unsatisfactory suggestion into an inquiry topic — an existing proposed
/// topic, or a new one grouped by unit or category — for the 主任会议 to decide (监督法 Arts. 47–50).
/// </summary>
public sealed class InquiryProposalForm : ITaskForm
{
    public string FormKey => "office:inquiry-proposal";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var topicId = form.Input.Int("topicId", "专题", required: false);
        var title = form.Input.Text("topicTitle", "专题名称", required: topicId is null, maxLength: 200);
        var groupBy = form.Input.Choice("groupBy", "归类方式", ["unit", "category"], required: topicId is null);
        InquiryTopic? topic = null;
        if (topicId is { } id)
        {
            topic = await form.Db.Set<InquiryTopic>().Include(t => t.Suggestions).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (topic is null || topic.State != InquiryState.Proposed)
            {
                form.Input.Fail("topicId", "专题不存在或已提交主任会议");
            }
        }
        form.Input.ThrowIfInvalid();
        if (topic is null)
        {
            topic = new InquiryTopic
            {
                Title = title!, State = InquiryState.Proposed, ProposedBy = form.Actor.UserName, ProposedAt = form.NowUtc,
                UnitId = groupBy == "unit" ? form.Unit : null,
                Category = groupBy == "category" ? form.Suggestion.Category : null,
            };
            form.Db.Add(topic);
        }
        topic.Suggestions.Add(new InquiryTopicSuggestion { SuggestionId = form.Suggestion.Id });
        form.Suggestion.State = SuggestionState.Escalated;
        return new JsonObject { ["inquiryTopicTitle"] = topic.Title };
    }
}
