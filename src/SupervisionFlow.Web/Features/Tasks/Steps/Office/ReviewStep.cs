using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Office;

/// <summary>审核 (office): accept, return for revision, convert to a deputy letter, or merge into another suggestion.</summary>
public sealed class ReviewStep : HandlingStep
{
    public static readonly StepField Decision = new("decision", "审核结果", FieldKind.Choice)
    {
        Options = [("accept", "受理"), ("revise", "退回代表修改"), ("convert", "转为代表来信"), ("merge", "并案处理")],
    };

    public static readonly StepField Reason = new("reason", "审核意见", FieldKind.TextArea) { Required = false, Hint = "退回修改、转来信或并案时必填" };

    public static readonly StepField MergedInto = new("mergedIntoId", "并入建议编号（系统编号）", FieldKind.Number) { Required = false, Hint = "仅并案时填写" };

    public override string FormKey => "office:review";

    /// <summary>The review decides on the suggestion row alone; its units are chosen later, at 交办.</summary>
    public override bool ReadsSuggestionCollections => false;

    public override IReadOnlyList<StepField> Fields => [Decision, Reason, MergedInto];

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var outcome = form.Input.Choice(Decision);
        var reason = form.Input.Text(Reason, required: outcome is "revise" or "convert" or "merge");
        var mergedInto = outcome == "merge" ? form.Input.Int(MergedInto, required: true) : null;
        if (mergedInto is { } target && !await form.Db.Set<Suggestion>().AnyAsync(s => s.Id == target && s.Id != form.Suggestion.Id, cancellationToken))
        {
            form.Input.Fail(MergedInto.Name, "并入的建议不存在");
        }
        form.Input.ThrowIfInvalid();
        var decision = outcome switch
        {
            "accept" => ReviewOutcome.Accept,
            "revise" => ReviewOutcome.Revise,
            "convert" => ReviewOutcome.Convert,
            _ => ReviewOutcome.Merge,
        };
        form.Db.Add(new ReviewDecision
        {
            SuggestionId = form.Suggestion.Id, Outcome = decision, Reason = reason, MergedIntoId = mergedInto,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        form.Suggestion.State = decision switch
        {
            ReviewOutcome.Accept => SuggestionState.AwaitingAssignment,
            ReviewOutcome.Revise => SuggestionState.ReturnedForRevision,
            ReviewOutcome.Convert => SuggestionState.Converted,
            _ => SuggestionState.Merged,
        };
        form.Suggestion.MergedIntoId = mergedInto;
        if (decision is ReviewOutcome.Convert or ReviewOutcome.Merge)
        {
            form.Suggestion.ClosedAt = form.NowUtc;
        }
        return new JsonObject { ["decision"] = outcome };
    }
}
