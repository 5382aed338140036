using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Office;

/// <summary>调整承办单位 (office): approve a re-assignment to another unit, or refuse (the unit must then sign).</summary>
public sealed class ReassignStep : HandlingStep
{
    public static readonly StepField Approved = StepField.YesNo("reassignApproved", "是否同意调整", "同意调整", "不同意（由原单位办理）");

    public static readonly StepField ToUnit = new("toUnitId", "调整后承办单位", FieldKind.Select) { Required = false, MaxLength = 50, Hint = "同意调整时必填" };

    public static readonly StepField Reason = new("reason", "理由", FieldKind.TextArea) { Required = false, Hint = "不同意时必填" };

    public override string FormKey => "office:reassign";

    public override IReadOnlyList<StepField> Fields => [Approved, ToUnit, Reason];

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var approved = form.Input.Bool(Approved);
        var target = form.Input.Text(ToUnit, required: approved == true);
        var reason = form.Input.Text(Reason, required: approved == false);
        var from = form.Unit;
        if (target is not null && (target == from || !await form.Db.Set<HandlingUnit>().AnyAsync(u => u.Id == target && u.IsActive, cancellationToken)))
        {
            form.Input.Fail(ToUnit.Name, target == from ? "调整后的单位与原单位相同" : $"承办单位“{target}”不存在");
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
