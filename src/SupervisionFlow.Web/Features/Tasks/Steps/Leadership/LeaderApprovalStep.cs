using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Leadership;

/// <summary>领导审批 (leader, key suggestions): approve the reply, or send it back to the unit.</summary>
public sealed class LeaderApprovalStep : HandlingStep
{
    public static readonly StepField Approves = StepField.YesNo("leaderApproves", "审批意见", "同意答复", "退回单位修改");

    public static readonly StepField Comment = new("comment", "审批说明", FieldKind.TextArea) { Required = false, Hint = "退回时必填" };

    public override string FormKey => "leader:approval";

    public override IReadOnlyList<StepField> Fields => [Approves, Comment];

    public override Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken) => LatestReplyView.LoadAsync(view, cancellationToken);

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var approves = form.Input.Bool(Approves);
        var comment = form.Input.Text(Comment, required: approves == false);
        form.Input.ThrowIfInvalid();
        form.Audit("key.leader-approval", $"{(approves == true ? "同意" : "退回")}：{comment}");
        return Task.FromResult(new JsonObject { ["leaderApproves"] = approves });
    }
}
