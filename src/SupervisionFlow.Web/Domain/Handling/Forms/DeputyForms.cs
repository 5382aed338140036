using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>代表测评 (deputy): attitude and result, each 满意/基本满意/不满意 — "背靠背", straight to the office.</summary>
public sealed class EvaluateForm : ITaskForm
{
    public string FormKey => "deputy:evaluate";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var attitude = form.Input.Enum<Satisfaction>("attitude", "办理态度");
        var result = form.Input.Enum<Satisfaction>("result", "办理结果");
        var comment = form.Input.Text("comment", "意见", required: result == Satisfaction.Unsatisfied);
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

/// <summary>代表评价落实情况 (deputy): rates the B-class follow-up once the unit reports it solved.</summary>
public sealed class ProgressEvaluationForm : ITaskForm
{
    public string FormKey => "deputy:progress-evaluation";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var rating = form.Input.Enum<Satisfaction>("rating", "评价");
        var report = await form.LatestAsync<ProgressReport>(null, cancellationToken);
        if (report is null)
        {
            form.Input.Fail("rating", "没有可评价的进展报告");
        }
        form.Input.ThrowIfInvalid();
        report!.DeputyRating = rating;
        return new JsonObject { ["progressRating"] = rating.ToString() };
    }
}
