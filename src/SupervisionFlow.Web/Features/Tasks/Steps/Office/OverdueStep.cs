using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Office;

/// <summary>逾期督办 (office): how the overdue reply was chased.</summary>
public sealed class OverdueStep : HandlingStep
{
    public static readonly StepField Note = new("supervisionNote", "督办情况", FieldKind.TextArea);

    public override string FormKey => "office:overdue";

    public override IReadOnlyList<StepField> Fields => [Note];

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var note = form.Input.Text(Note);
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
