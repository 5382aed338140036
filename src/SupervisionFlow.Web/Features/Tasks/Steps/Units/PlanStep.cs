using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Units;

/// <summary>三定 (unit): handler, plan, planned completion — which may not pass the reply deadline.</summary>
public sealed class PlanStep : HandlingStep
{
    public static readonly StepField Handler = new("handlerName", "经办人员") { MaxLength = 50 };

    public static readonly StepField Phone = new("handlerPhone", "联系电话") { Required = false, MaxLength = 30 };

    public static readonly StepField Plan = new("plan", "办理方案", FieldKind.TextArea);

    public static readonly StepField PlannedCompletion = new("plannedCompletionOn", "计划办结日期", FieldKind.Date);

    public override string FormKey => "unit:plan";

    public override IReadOnlyList<StepField> Fields => [Handler, Phone, Plan, PlannedCompletion];

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var handler = form.Input.Text(Handler);
        var phone = form.Input.Text(Phone);
        var plan = form.Input.Text(Plan);
        var planned = form.Input.Date(PlannedCompletion);
        var replyDue = form.Suggestion.ReplyDueOn;
        if (planned is { } p && replyDue is { } due && p > due)
        {
            form.Input.Fail(PlannedCompletion.Name, $"计划办结日期不能晚于答复期限 {due:yyyy年M月d日}");
        }
        if (planned is { } past && past < form.Today)
        {
            form.Input.Fail(PlannedCompletion.Name, "计划办结日期不能早于今天");
        }
        form.Input.ThrowIfInvalid();
        form.Db.Add(new HandlingPlan
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, HandlerName = handler!, HandlerPhone = phone, Plan = plan!,
            PlannedCompletionOn = planned!.Value, ReplyDueOn = replyDue ?? planned.Value,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        return Task.FromResult(new JsonObject { ["handlerName"] = handler });
    }
}
