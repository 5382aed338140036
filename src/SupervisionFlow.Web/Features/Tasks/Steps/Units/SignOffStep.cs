using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Units;

/// <summary>负责人签发 (unit head): signs the latest reply of the unit, issues its 答复函 with a 文号; copies to the office (and government office).</summary>
public sealed class SignOffStep(ReplyLetters letters) : HandlingStep
{
    public const string DefaultCopies = "人大常委会选举任免联络工作委员会";

    public static readonly StepField SignedBy = new("signedBy", "签发负责人") { MaxLength = 50 };

    public static readonly StepField Copies = new("copies", "抄送") { Required = false, MaxLength = 200 };

    public override string FormKey => "unit:sign-off";

    public override IReadOnlyList<StepField> Fields => [SignedBy, Copies];

    public override Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken) => LatestReplyView.LoadAsync(view, cancellationToken);

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var signedBy = form.Input.Text(SignedBy);
        var copies = form.Input.Text(Copies) ?? DefaultCopies;
        var unitId = form.Unit;
        var reply = await form.LatestAsync<Reply>(q => q.Where(r => r.UnitId == unitId), cancellationToken);
        if (reply is null)
        {
            form.Input.Fail(SignedBy.Name, "没有待签发的答复，请先拟写答复");
        }
        form.Input.ThrowIfInvalid();
        reply!.SignedBy = signedBy;
        reply.SignedAt = form.NowUtc;
        reply.Copies = copies;
        // The final 答复函 with its 文号 commits with the signature, in this command's transaction.
        await letters.IssueFinalAsync(form.Db, form.Suggestion, reply, form.Actor.UserName, form.NowUtc, cancellationToken);
        return new JsonObject { ["signedBy"] = signedBy };
    }
}
