using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Units;

/// <summary>办理进展报告 (unit, B-class follow-up): progress and whether it is now solved.</summary>
public sealed class ProgressStep : HandlingStep
{
    public static readonly StepField Progress = new("progress", "办理进展", FieldKind.TextArea);

    public static readonly StepField Solved = StepField.YesNo("solved", "是否已解决", "已解决", "仍在推进");

    public override string FormKey => "unit:progress";

    public override IReadOnlyList<StepField> Fields => [Progress, Solved];

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var progress = form.Input.Text(Progress);
        var solved = form.Input.Bool(Solved);
        form.Input.ThrowIfInvalid();
        form.Db.Add(new ProgressReport
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, Progress = progress!, Solved = solved!.Value,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        if (solved.Value)
        {
            form.Suggestion.ResultClass = form.Profile.ResultClasses.FirstOrDefault()?.Code ?? form.Suggestion.ResultClass;
        }
        return Task.FromResult(new JsonObject { ["solved"] = solved.Value });
    }
}
