using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Inquiry;

/// <summary>整改跟踪 (office): follow-up of what the inquired units promised.</summary>
public sealed class FollowUpStep : InquiryTopicStep
{
    public static readonly StepField FollowUp = new("followUp", "整改落实情况", FieldKind.TextArea) { Rows = 8 };

    public override string FormKey => "office:inquiry-follow-up";

    public override IReadOnlyList<StepField> Fields => [FollowUp];

    protected override JsonObject Apply(FormContext form, InquiryTopic topic)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(topic);
        var followUp = form.Input.Text(FollowUp);
        form.Input.ThrowIfInvalid();
        topic.FollowUp = followUp;
        topic.State = InquiryState.Closed;
        return new JsonObject();
    }
}
