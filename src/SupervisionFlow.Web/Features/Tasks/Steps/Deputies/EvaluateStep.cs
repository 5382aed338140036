using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Deputies;

/// <summary>代表测评 (deputy): attitude and result, each 满意/基本满意/不满意 — "背靠背", straight to the office.</summary>
public sealed class EvaluateStep : HandlingStep
{
    /// <summary>The three ratings of 代表测评, by <see cref="Satisfaction"/> name.</summary>
    public static readonly IReadOnlyList<(string Value, string Text)> Ratings =
        [(nameof(Satisfaction.Satisfied), "满意"), (nameof(Satisfaction.BasicallySatisfied), "基本满意"), (nameof(Satisfaction.Unsatisfied), "不满意")];

    public static readonly StepField Attitude = new("attitude", "办理态度", FieldKind.Choice) { Options = Ratings };

    public static readonly StepField Result = new("result", "办理结果", FieldKind.Choice) { Options = Ratings };

    /// <summary>"意见" as the deputy portal names it: its error reads the same on both pages.</summary>
    public static readonly StepField Comment = new("comment", "意见", FieldKind.TextArea) { Required = false, Hint = "对办理结果不满意时必填" };

    public override string FormKey => "deputy:evaluate";

    public override IReadOnlyList<StepField> Fields => [Attitude, Result, Comment];

    public override Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken) => LatestReplyView.LoadAsync(view, cancellationToken);

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var attitude = form.Input.Enum<Satisfaction>(Attitude);
        var result = form.Input.Enum<Satisfaction>(Result);
        var comment = form.Input.Text(Comment, required: result == Satisfaction.Unsatisfied);
        form.Input.ThrowIfInvalid();
        var deputyId = int.Parse(form.Text("evaluator") ?? form.Suggestion.LeadDeputyId.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        form.Db.Add(new Evaluation
        {
            SuggestionId = form.Suggestion.Id, DeputyId = deputyId, Round = form.Suggestion.Round, Attitude = attitude, Result = result,
            Comment = comment, RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        return Task.FromResult(new JsonObject());
    }
}
