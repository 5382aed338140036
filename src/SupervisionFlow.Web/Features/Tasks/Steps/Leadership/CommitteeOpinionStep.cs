using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Leadership;

/// <summary>专委会意见 (committee, key suggestions): its opinion on the draft reply.</summary>
public sealed class CommitteeOpinionStep : HandlingStep
{
    public static readonly StepField Agrees = StepField.YesNo("committeeAgrees", "是否同意答复", "同意", "不同意");

    public static readonly StepField Opinion = new("opinion", "专委会意见", FieldKind.TextArea);

    public override string FormKey => "committee:opinion";

    public override IReadOnlyList<StepField> Fields => [Agrees, Opinion];

    public override Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken) => LatestReplyView.LoadAsync(view, cancellationToken);

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var agrees = form.Input.Bool(Agrees);
        var opinion = form.Input.Text(Opinion);
        form.Input.ThrowIfInvalid();
        form.Audit("key.committee-opinion", $"{(agrees == true ? "同意" : "不同意")}：{opinion}");
        return Task.FromResult(new JsonObject { ["committeeAgrees"] = agrees });
    }
}
