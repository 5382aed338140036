using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Units;

/// <summary>签收 (unit): accept, or ask to be re-assigned — only within the re-assignment window.</summary>
public sealed class AcknowledgeStep : HandlingStep
{
    public static readonly StepField Decision = new("ackDecision", "签收意见", FieldKind.Choice)
    {
        Options = [("accept", "签收办理"), ("reassign", "不属本单位职责，申请调整")],
    };

    public static readonly StepField Reason = new("reason", "申请调整理由", FieldKind.TextArea) { Required = false, Hint = "申请调整时必填" };

    public override string FormKey => "unit:acknowledge";

    public override IReadOnlyList<StepField> Fields => [Decision, Reason];

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var decision = form.Input.Choice(Decision);
        var reason = form.Input.Text(Reason, required: decision == "reassign");
        var assignedOn = ChinaTime.DateOf(form.Suggestion.AssignedAt ?? form.NowUtc);
        var windowEnd = form.Deadline("reassignmentWindow", assignedOn);
        if (decision == "reassign" && form.Today > windowEnd)
        {
            form.Input.Fail(Decision.Name, $"已超过申请调整期限（{windowEnd:yyyy年M月d日}），请签收办理");
        }
        form.Input.ThrowIfInvalid();
        var unitId = form.Unit;
        form.Db.Add(new Acknowledgement
        {
            SuggestionId = form.Suggestion.Id, UnitId = unitId, RequestsReassignment = decision == "reassign", Reason = reason,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        if (decision == "accept" && form.Suggestion.Units.FirstOrDefault(u => u.UnitId == unitId && u.IsActive) is { } unit)
        {
            unit.AcknowledgedAt = form.NowUtc;
        }
        return Task.FromResult(new JsonObject { ["ackDecision"] = decision });
    }
}
