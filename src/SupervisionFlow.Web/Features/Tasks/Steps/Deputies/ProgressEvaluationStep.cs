using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Deputies;

/// <summary>代表评价落实情况 (deputy): rates the B-class follow-up once the unit reports it solved.</summary>
public sealed class ProgressEvaluationStep : HandlingStep
{
    public static readonly StepField Rating = new("rating", "评价", FieldKind.Choice) { Options = EvaluateStep.Ratings };

    public override string FormKey => "deputy:progress-evaluation";

    public override IReadOnlyList<StepField> Fields => [Rating];

    /// <summary>The latest progress report, the one being rated.</summary>
    public override async Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Suggestion is not { } suggestion ? null
            : await view.Db.Set<ProgressReport>().AsNoTracking().Where(r => r.SuggestionId == suggestion.Id)
                .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var rating = form.Input.Enum<Satisfaction>(Rating);
        var report = await form.LatestAsync<ProgressReport>(null, cancellationToken);
        if (report is null)
        {
            form.Input.Fail(Rating.Name, "没有可评价的进展报告");
        }
        form.Input.ThrowIfInvalid();
        report!.DeputyRating = rating;
        return new JsonObject { ["progressRating"] = rating.ToString() };
    }
}
