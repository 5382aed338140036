using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Units;

/// <summary>会办意见 (co-unit): its opinion to the lead unit.</summary>
public sealed class CoOpinionStep : HandlingStep
{
    public static readonly StepField Opinion = new("opinion", "会办意见", FieldKind.TextArea) { Rows = 8 };

    public override string FormKey => "unit:co-opinion";

    public override IReadOnlyList<StepField> Fields => [Opinion];

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var opinion = form.Input.Text(Opinion);
        form.Input.ThrowIfInvalid();
        form.Db.Add(new CoUnitOpinion
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, Opinion = opinion!, RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        return Task.FromResult(new JsonObject());
    }
}
