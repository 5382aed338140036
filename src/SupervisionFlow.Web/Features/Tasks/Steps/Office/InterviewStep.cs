using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Office;

/// <summary>约谈 (office): the interview of the responsible head after an unsatisfactory rating.</summary>
public sealed class InterviewStep : HandlingStep
{
    public static readonly StepField HeldOn = new("heldOn", "约谈日期", FieldKind.Date);

    public static readonly StepField Participants = new("participants", "参加人员") { Required = false, MaxLength = 500 };

    public static readonly StepField Summary = new("summary", "约谈情况", FieldKind.TextArea);

    public override string FormKey => "office:interview";

    public override IReadOnlyList<StepField> Fields => [HeldOn, Participants, Summary];

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var heldOn = form.Input.Date(HeldOn);
        var participants = form.Input.Text(Participants);
        var summary = form.Input.Text(Summary);
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
