using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Inquiry;

/// <summary>主任会议决定 (leaders): hold the inquiry or not.</summary>
public sealed class DecisionStep : InquiryTopicStep
{
    public static readonly StepField Decision = new("inquiryDecision", "主任会议决定", FieldKind.Choice) { Options = [("hold", "开展专题询问"), ("reject", "不开展")] };

    public static readonly StepField Note = new("note", "说明", FieldKind.TextArea) { Required = false, Hint = "不开展时必填" };

    public override string FormKey => "leaders:inquiry-decision";

    public override IReadOnlyList<StepField> Fields => [Decision, Note];

    protected override JsonObject Apply(FormContext form, InquiryTopic topic)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(topic);
        var decision = form.Input.Choice(Decision);
        var note = form.Input.Text(Note, required: decision == "reject");
        form.Input.ThrowIfInvalid();
        topic.State = decision == "hold" ? InquiryState.Approved : InquiryState.Rejected;
        topic.Summary = note;
        return new JsonObject { ["inquiryDecision"] = decision };
    }
}
