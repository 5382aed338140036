using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>审核 (office): accept, return for revision, convert to a deputy letter, or merge into another suggestion.</summary>
public sealed class ReviewForm : ITaskForm
{
    public string FormKey => "office:review";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var outcome = form.Input.Choice("decision", "审核结果", ["accept", "revise", "convert", "merge"]);
        var reason = form.Input.Text("reason", "审核意见", required: outcome is "revise" or "convert" or "merge");
        var mergedInto = outcome == "merge" ? form.Input.Int("mergedIntoId", "并入建议") : null;
        if (mergedInto is { } target && !await form.Db.Set<Suggestion>().AnyAsync(s => s.Id == target && s.Id != form.Suggestion.Id, cancellationToken))
        {
            form.Input.Fail("mergedIntoId", "并入的建议不存在");
        }
        form.Input.ThrowIfInvalid();
        var decision = outcome switch
        {
            "accept" => ReviewOutcome.Accept,
            "revise" => ReviewOutcome.Revise,
            "convert" => ReviewOutcome.Convert,
            _ => ReviewOutcome.Merge,
        };
        form.Db.Add(new ReviewDecision
        {
            SuggestionId = form.Suggestion.Id, Outcome = decision, Reason = reason, MergedIntoId = mergedInto,
            RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        form.Suggestion.State = decision switch
        {
            ReviewOutcome.Accept => SuggestionState.AwaitingAssignment,
            ReviewOutcome.Revise => SuggestionState.ReturnedForRevision,
            ReviewOutcome.Convert => SuggestionState.Converted,
            _ => SuggestionState.Merged,
        };
        form.Suggestion.MergedIntoId = mergedInto;
        if (decision is ReviewOutcome.Convert or ReviewOutcome.Merge)
        {
            form.Suggestion.ClosedAt = form.NowUtc;
        }
        return new JsonObject { ["decision"] = outcome };
    }
}

/// <summary>代表修改: the deputy revises a suggestion returned by the office.</summary>
public sealed class ReviseForm : ITaskForm
{
    public string FormKey => "deputy:revise";

    public Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var title = form.Input.Text("title", "标题", maxLength: 200);
        var content = form.Input.Text("content", "内容", maxLength: 20000);
        form.Input.ThrowIfInvalid();
        form.Suggestion.Title = title!;
        form.Suggestion.Content = content!;
        form.Suggestion.State = SuggestionState.UnderReview;
        return Task.FromResult(new JsonObject { ["title"] = title });
    }
}

/// <summary>
/// 交办 (office): lead unit and co-units (or 分办 units), key-suggestion leaders, the reply deadline counted from
/// today by the profile. Used one by one and, for a 交办会, many at once by <see cref="AssignmentMeetingService"/>.
/// </summary>
public sealed class AssignForm : ITaskForm
{
    public string FormKey => "office:assign";

    public async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        var input = form.Input;
        var mode = input.Choice("mode", "办理方式", ["LeadWithCo", "Separate"], required: false) ?? "LeadWithCo";
        var lead = input.Text("leadUnitId", "主办单位", maxLength: 50);
        var others = input.List("otherUnitIds").Where(u => u != lead).ToList();
        var isKey = input.Bool("isKey", "重点督办", required: false) ?? false;
        var leaderId = input.Text("keyLeaderId", "领办/督办领导", required: isKey, maxLength: 50);
        var committeeId = input.Text("keyCommitteeId", "对口专委会", required: isKey, maxLength: 50);
        var meetingId = input.Int("meetingId", "交办会", required: false);
        var unitIds = others.Append(lead).Where(u => u is not null).Cast<string>().ToList();
        var known = await form.Db.Set<HandlingUnit>().Where(u => unitIds.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var missing in unitIds.Except(known))
        {
            input.Fail(missing == lead ? "leadUnitId" : "otherUnitIds", $"承办单位“{missing}”不存在");
        }
        if (leaderId is not null && !await form.Db.Set<Leader>().AnyAsync(l => l.Id == leaderId, cancellationToken))
        {
            input.Fail("keyLeaderId", $"领导“{leaderId}”不存在");
        }
        if (committeeId is not null && !await form.Db.Set<Committee>().AnyAsync(c => c.Id == committeeId, cancellationToken))
        {
            input.Fail("keyCommitteeId", $"专委会“{committeeId}”不存在");
        }
        if (meetingId is { } m && !await form.Db.Set<AssignmentMeeting>().AnyAsync(x => x.Id == m, cancellationToken))
        {
            input.Fail("meetingId", "交办会不存在");
        }
        input.ThrowIfInvalid();

        var suggestion = form.Suggestion;
        var separate = mode == "Separate";
        var replyDue = form.Deadline("reply", form.Today);
        suggestion.HandlingMode = separate ? HandlingMode.Separate : HandlingMode.LeadWithCo;
        suggestion.IsKey = isKey;
        suggestion.KeyLeaderId = leaderId;
        suggestion.KeyCommitteeId = committeeId;
        suggestion.AssignedAt = form.NowUtc;
        suggestion.ReplyDueOn = replyDue;
        suggestion.State = SuggestionState.InHandling;
        suggestion.Units.Add(new SuggestionUnit { UnitId = lead!, Role = separate ? UnitRole.Separate : UnitRole.Lead });
        suggestion.Units.AddRange(others.Select(u => new SuggestionUnit { UnitId = u, Role = separate ? UnitRole.Separate : UnitRole.Co }));
        form.Db.Add(new Assignment
        {
            SuggestionId = suggestion.Id, MeetingId = meetingId, LeadUnitId = lead!, OtherUnitIds = string.Join(',', others),
            Mode = suggestion.HandlingMode, ReplyDueOn = replyDue, RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        var handlingUnits = separate ? [lead!, .. others] : new List<string> { lead! };
        var handling = await ProcessSelection.HandlingProcessAsync(form.Db, isKey, cancellationToken);
        var evaluators = new List<int> { suggestion.LeadDeputyId };
        if (form.Profile.EvaluateByCoSigners)
        {
            evaluators.AddRange(suggestion.CoSigners.Select(c => c.DeputyId));
        }
        return new JsonObject
        {
            ["handlingUnits"] = new JsonArray([.. handlingUnits.Select(u => (JsonNode?)u)]),
            ["coUnits"] = new JsonArray([.. (separate ? [] : others).Select(u => (JsonNode?)u)]),
            ["isKey"] = isKey,
            ["committeeId"] = committeeId,
            ["leaderId"] = leaderId,
            ["assignedAt"] = form.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["replyDue"] = FormContext.EndOfDayIso(replyDue),
            ["evaluators"] = new JsonArray([.. evaluators.Distinct().Select(d => (JsonNode?)d.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            ["round"] = 1,
            [ProcessKeys.HandlingProcessVariable] = handling.DefinitionKey,
            [ProcessKeys.HandlingVersionVariable] = handling.Version,
        };
    }
}
