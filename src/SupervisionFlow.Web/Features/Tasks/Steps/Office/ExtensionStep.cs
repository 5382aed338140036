using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Office;

/// <summary>
/// 延期审批 (office): approving moves the reply deadline — never beyond the extended limit counted from assignment —
/// and with it the deadline guard timer and the due dates of the reply tasks, in the same transaction.
/// </summary>
public sealed class ExtensionStep : HandlingStep
{
    public static readonly StepField Approved = StepField.YesNo("approved", "是否同意延期", "同意", "不同意");

    public static readonly StepField GrantedDue = new("grantedDueOn", "延期至", FieldKind.Date) { Required = false, Hint = "不填则按申请日期" };

    public static readonly StepField Note = new("decisionNote", "审批意见", FieldKind.TextArea) { Required = false, Hint = "不同意时必填" };

    public override string FormKey => "office:extension";

    public override IReadOnlyList<StepField> Fields => [Approved, GrantedDue, Note];

    /// <summary>The unit's pending request (the latest one not yet decided).</summary>
    public override async Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Suggestion is not { } suggestion ? null
            : await view.Db.Set<ExtensionRequest>().AsNoTracking().Where(r => r.SuggestionId == suggestion.Id && r.Approved == null)
                .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var approved = form.Input.Bool(Approved);
        var granted = form.Input.Date(GrantedDue);
        var note = form.Input.Text(Note, required: approved == false);
        var request = await form.LatestAsync<ExtensionRequest>(q => q.Where(r => r.Approved == null), cancellationToken);
        if (request is null)
        {
            form.Input.Fail(Approved.Name, "没有待审批的延期申请");
        }
        var suggestion = form.Suggestion;
        var assignedOn = ChinaTime.DateOf(suggestion.AssignedAt ?? form.NowUtc);
        var limit = form.Deadline("replyExtended", assignedOn);
        var newDue = granted ?? request?.RequestedDueOn;
        if (approved == true && newDue is { } wanted)
        {
            if (wanted > limit)
            {
                form.Input.Fail(GrantedDue.Name, $"延期后的答复期限不能晚于 {limit:yyyy年M月d日}（交办之日起的最长期限）");
            }
            if (suggestion.ReplyDueOn is { } current && wanted <= current)
            {
                form.Input.Fail(GrantedDue.Name, $"延期后的期限应晚于现期限 {current:yyyy年M月d日}");
            }
        }
        form.Input.ThrowIfInvalid();
        request!.Approved = approved;
        request.DecidedBy = form.Actor.UserName;
        request.DecidedAt = form.NowUtc;
        request.DecisionNote = note;
        var variables = new JsonObject { ["extensionApproved"] = approved!.Value };
        if (approved.Value)
        {
            var due = newDue!.Value;
            request.GrantedDueOn = due;
            suggestion.ReplyDueOn = due;
            var dueIso = FormContext.EndOfDayIso(due);
            var dueUtc = ChinaTime.EndOfDay(due).UtcDateTime;
            // Tracked changes only: they commit with the decision and the task's completion, or not at all.
            await form.Engine.SetTimerDueAsync(form.Task.ProcessInstanceId, ProcessKeys.ReplyOverdueTimer, dueUtc, cancellationToken);
            foreach (var activity in ProcessKeys.ReplyDeadlineTasks)
            {
                await form.Engine.SetTaskDueAsync(form.Task.ProcessInstanceId, activity, dueUtc, cancellationToken);
            }
            variables["replyDue"] = dueIso;
        }
        return variables;
    }
}
