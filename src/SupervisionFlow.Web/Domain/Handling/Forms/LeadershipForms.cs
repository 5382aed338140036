using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>专委会意见 (committee, key suggestions): its opinion on the draft reply.</summary>
public sealed class CommitteeOpinionForm : ITaskForm
{
    public string FormKey => "committee:opinion";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var agrees = form.Input.Bool("committeeAgrees", "是否同意答复");
        var opinion = form.Input.Text("opinion", "专委会意见");
        form.Input.ThrowIfInvalid();
        form.Audit("key.committee-opinion", $"{(agrees == true ? "同意" : "不同意")}：{opinion}");
        return Task.FromResult(new JsonObject { ["committeeAgrees"] = agrees });
    }
}

/// <summary>领导审批 (leader, key suggestions): approve the reply, or send it back to the unit.</summary>
public sealed class LeaderApprovalForm : ITaskForm
{
    public string FormKey => "leader:approval";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var approves = form.Input.Bool("leaderApproves", "是否同意");
        var comment = form.Input.Text("comment", "审批意见", required: approves == false);
        form.Input.ThrowIfInvalid();
        form.Audit("key.leader-approval", $"{(approves == true ? "同意" : "退回")}：{comment}");
        return Task.FromResult(new JsonObject { ["leaderApproves"] = approves });
    }
}

/// <summary>Base of the inquiry forms: they work on the topic named by the task's <c>topicId</c> variable.</summary>
public abstract class InquiryTopicForm : ITaskForm
{
    public abstract string FormKey { get; }

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var id = int.Parse(form.Text("topicId") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var topic = await form.Db.Set<InquiryTopic>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
                    ?? throw new HandlingNotFoundException($"专题询问 {id} 不存在。");
        return Apply(form, topic);
    }

    protected abstract JsonObject Apply(FormContext form, InquiryTopic topic);
}

/// <summary>主任会议决定 (leaders): hold the inquiry or not.</summary>
public sealed class InquiryDecisionForm : InquiryTopicForm
{
    public override string FormKey => "leaders:inquiry-decision";

    protected override JsonObject Apply(FormContext form, InquiryTopic topic)
    {
        var decision = form.Input.Choice("inquiryDecision", "决定", ["hold", "reject"]);
        var note = form.Input.Text("note", "说明", required: decision == "reject");
        form.Input.ThrowIfInvalid();
        topic.State = decision == "hold" ? InquiryState.Approved : InquiryState.Rejected;
        topic.Summary = note;
        return new JsonObject { ["inquiryDecision"] = decision };
    }
}

/// <summary>召开专题询问 (office): the meeting date and what was asked and answered.</summary>
public sealed class InquiryMeetingForm : InquiryTopicForm
{
    public override string FormKey => "office:inquiry-meeting";

    protected override JsonObject Apply(FormContext form, InquiryTopic topic)
    {
        var meetingOn = form.Input.Date("meetingOn", "询问日期");
        var summary = form.Input.Text("summary", "询问情况");
        form.Input.ThrowIfInvalid();
        topic.MeetingOn = meetingOn;
        topic.Summary = summary;
        topic.State = InquiryState.Held;
        return new JsonObject();
    }
}

/// <summary>整改跟踪 (office): follow-up of what the inquired units promised.</summary>
public sealed class InquiryFollowUpForm : InquiryTopicForm
{
    public override string FormKey => "office:inquiry-follow-up";

    protected override JsonObject Apply(FormContext form, InquiryTopic topic)
    {
        var followUp = form.Input.Text("followUp", "整改落实情况");
        form.Input.ThrowIfInvalid();
        topic.FollowUp = followUp;
        topic.State = InquiryState.Closed;
        return new JsonObject();
    }
}
