using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>签收 (unit): accept, or ask to be re-assigned — only within the re-assignment window.</summary>
public sealed class AcknowledgeForm : ITaskForm
{
    public string FormKey => "unit:acknowledge";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var decision = form.Input.Choice("ackDecision", "签收意见", ["accept", "reassign"]);
        var reason = form.Input.Text("reason", "申请调整理由", required: decision == "reassign");
        var assignedOn = Calendar.ChinaTime.DateOf(form.Suggestion.AssignedAt ?? form.NowUtc);
        var windowEnd = form.Deadline("reassignmentWindow", assignedOn);
        if (decision == "reassign" && form.Today > windowEnd)
        {
            form.Input.Fail("ackDecision", $"已超过申请调整期限（{windowEnd:yyyy年M月d日}），请签收办理");
        }
        form.Input.ThrowIfInvalid();
        var unitId = form.Unit;
        form.Db.Add(new Acknowledgement
        {
            SuggestionId = form.Suggestion.Id, UnitId = unitId, RequestsReassignment = decision == "reassign", Reason = reason,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        if (decision == "accept" && form.Suggestion.Units.FirstOrDefault(u => u.UnitId == unitId && u.IsActive) is { } unit)
        {
            unit.AcknowledgedAt = form.NowUtc;
        }
        return Task.FromResult(new JsonObject { ["ackDecision"] = decision });
    }
}

/// <summary>三定 (unit): handler, plan, planned completion — which may not pass the reply deadline.</summary>
public sealed class PlanForm : ITaskForm
{
    public string FormKey => "unit:plan";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var handler = form.Input.Text("handlerName", "经办人员", maxLength: 50);
        var phone = form.Input.Text("handlerPhone", "联系电话", required: false, maxLength: 30);
        var plan = form.Input.Text("plan", "办理方案");
        var planned = form.Input.Date("plannedCompletionOn", "计划办结日期");
        var replyDue = form.Suggestion.ReplyDueOn;
        if (planned is { } p && replyDue is { } due && p > due)
        {
            form.Input.Fail("plannedCompletionOn", $"计划办结日期不能晚于答复期限 {due:yyyy年M月d日}");
        }
        if (planned is { } past && past < form.Today)
        {
            form.Input.Fail("plannedCompletionOn", "计划办结日期不能早于今天");
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

/// <summary>三访 (unit): a contact with the deputy before, during or after handling (stage from the task).</summary>
public sealed class ContactForm : ITaskForm
{
    public string FormKey => "unit:contact";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var stage = form.Task.ActivityId switch
        {
            "visitBefore" => ContactStage.Before,
            "visitDuring" => ContactStage.During,
            _ => ContactStage.After,
        };
        var on = form.Input.Date("contactedOn", "联系日期");
        var method = form.Input.Choice("method", "联系方式", ["上门拜访", "座谈", "电话", "现场察看", "视频"]);
        var participants = form.Input.Text("participants", "参加人员", required: false, maxLength: 500);
        var summary = form.Input.Text("summary", "沟通情况");
        var view = form.Input.Text("deputyView", "代表意见", required: stage == ContactStage.After);
        if (on is { } date && date > form.Today)
        {
            form.Input.Fail("contactedOn", "联系日期不能晚于今天");
        }
        form.Input.ThrowIfInvalid();
        form.Db.Add(new DeputyContact
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, Stage = stage, ContactedOn = on!.Value, Method = method!,
            Participants = participants, Summary = summary!, DeputyView = view, RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        return Task.FromResult(new JsonObject { [$"contact{stage}"] = on.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }
}

/// <summary>会办意见 (co-unit): its opinion to the lead unit.</summary>
public sealed class CoOpinionForm : ITaskForm
{
    public string FormKey => "unit:co-opinion";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var opinion = form.Input.Text("opinion", "会办意见");
        form.Input.ThrowIfInvalid();
        form.Db.Add(new CoUnitOpinion
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, Opinion = opinion!, RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        return Task.FromResult(new JsonObject());
    }
}

/// <summary>
/// 拟写答复 / 重新办理 (unit): result class from the profile, the reply text and its attachments; re-handling opens
/// round 2. The attachments are added with the reply, so a rejected file leaves neither behind.
/// </summary>
public sealed class ReplyForm : ITaskForm
{
    public string FormKey => "unit:reply";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var classes = form.Profile.ResultClasses;
        var code = form.Input.Choice("resultClass", "答复类别", classes.Select(c => c.Code).ToList());
        var text = form.Input.Text("text", "答复内容", maxLength: 20000);
        var attachments = AttachmentRules.Check(form.Files, form.Input, "attachments", form.Actor.UserName, form.NowUtc);
        form.Input.ThrowIfInvalid();
        var suggestion = form.Suggestion;
        if (form.Task.ActivityId == "rehandle")
        {
            suggestion.Round = Math.Max(suggestion.Round, 1) + 1;
            suggestion.State = SuggestionState.Rehandling;
        }
        var reply = new Reply
        {
            SuggestionId = suggestion.Id, UnitId = form.Unit, Round = suggestion.Round, ResultClass = code!, Text = text!,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        };
        form.Db.Add(reply);
        foreach (var attachment in attachments)
        {
            attachment.SuggestionId = suggestion.Id;
            attachment.Reply = reply;
            form.Db.Add(attachment);
        }
        suggestion.ResultClass = code;
        var resultClass = classes.First(c => c.Code == code);
        return Task.FromResult(new JsonObject
        {
            ["resultClass"] = code,
            ["needsFollowUp"] = resultClass.NeedsFollowUp,
            ["round"] = suggestion.Round,
        });
    }
}

/// <summary>负责人签发 (unit head): signs the latest reply of the unit, issues its 答复函 with a 文号; copies to the office (and government office).</summary>
public sealed class SignOffForm(Documents.ReplyLetters letters) : ITaskForm
{
    public string FormKey => "unit:sign-off";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var signedBy = form.Input.Text("signedBy", "签发负责人", maxLength: 50);
        var copies = form.Input.Text("copies", "抄送", required: false, maxLength: 200) ?? "人大常委会选举任免联络工作委员会";
        var unitId = form.Unit;
        var reply = await form.LatestAsync<Reply>(q => q.Where(r => r.UnitId == unitId), cancellationToken);
        if (reply is null)
        {
            form.Input.Fail("signedBy", "没有待签发的答复，请先拟写答复");
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

/// <summary>办理进展报告 (unit, B-class follow-up): progress and whether it is now solved.</summary>
public sealed class ProgressForm : ITaskForm
{
    public string FormKey => "unit:progress";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var progress = form.Input.Text("progress", "办理进展");
        var solved = form.Input.Bool("solved", "是否已解决");
        form.Input.ThrowIfInvalid();
        form.Db.Add(new ProgressReport
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, Progress = progress!, Solved = solved!.Value,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        if (solved.Value)
        {
            form.Suggestion.ResultClass = form.Profile.ResultClasses.FirstOrDefault()?.Code ?? form.Suggestion.ResultClass;
        }
        return Task.FromResult(new JsonObject { ["solved"] = solved.Value });
    }
}
