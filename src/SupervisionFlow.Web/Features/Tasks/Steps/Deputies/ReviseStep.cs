using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Deputies;

/// <summary>代表修改: the deputy revises a suggestion returned by the office.</summary>
public sealed class ReviseStep : HandlingStep
{
    public static readonly StepField Title = new("title", "标题") { MaxLength = 200 };

    public static readonly StepField Content = new("content", "内容", FieldKind.TextArea) { Rows = 12, MaxLength = 20000 };

    public override string FormKey => "deputy:revise";

    public override IReadOnlyList<StepField> Fields => [Title, Content];

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var title = form.Input.Text(Title);
        var content = form.Input.Text(Content);
        form.Input.ThrowIfInvalid();
        form.Suggestion.Title = title!;
        form.Suggestion.Content = content!;
        form.Suggestion.State = SuggestionState.UnderReview;
        return Task.FromResult(new JsonObject { ["title"] = title });
    }
}
