using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Inquiry;

/// <summary>召开专题询问 (office): the meeting date and what was asked and answered.</summary>
public sealed class MeetingStep : InquiryTopicStep
{
    public static readonly StepField MeetingOn = new("meetingOn", "询问日期", FieldKind.Date);

    public static readonly StepField Summary = new("summary", "询问情况", FieldKind.TextArea) { Rows = 8 };

    public override string FormKey => "office:inquiry-meeting";

    public override IReadOnlyList<StepField> Fields => [MeetingOn, Summary];

    protected override JsonObject Apply(FormContext form, InquiryTopic topic)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(topic);
        var meetingOn = form.Input.Date(MeetingOn);
        var summary = form.Input.Text(Summary);
        form.Input.ThrowIfInvalid();
        topic.MeetingOn = meetingOn;
        topic.Summary = summary;
        topic.State = InquiryState.Held;
        return new JsonObject();
    }
}
