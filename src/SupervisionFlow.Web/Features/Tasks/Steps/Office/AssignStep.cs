using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Office;

/// <summary>
/// 交办 (office): lead unit and co-units (or 分办 units), key-suggestion leaders, the reply deadline counted from
/// today by the profile. Used one by one and, for a 交办会, many at once by <see cref="AssignmentMeetingService"/>.
/// </summary>
public sealed class AssignStep : HandlingStep
{
    public static readonly StepField Mode = new("mode", "办理方式", FieldKind.Choice)
    {
        Required = false,
        Options = [("LeadWithCo", "主办、会办"), ("Separate", "分办（各单位分别答复）")],
    };

    public static readonly StepField LeadUnit = new("leadUnitId", "主办单位", FieldKind.Select) { MaxLength = 50 };

    public static readonly StepField OtherUnits = new("otherUnitIds", "会办（分办）单位", FieldKind.MultipleChoice);

    /// <summary>A single check box, read as yes/no.</summary>
    public static readonly StepField IsKey = new("isKey", "重点督办", FieldKind.MultipleChoice) { Required = false, Options = [("true", "列为重点督办建议")] };

    public static readonly StepField KeyLeader = new("keyLeaderId", "领办/督办领导", FieldKind.Select) { Required = false, MaxLength = 50, Hint = "重点督办建议必填" };

    public static readonly StepField KeyCommittee = new("keyCommitteeId", "对口专委会", FieldKind.Select) { Required = false, MaxLength = 50, Hint = "重点督办建议必填" };

    /// <summary>Not on the page: set by a 交办会 (<see cref="AssignmentMeetingService"/>).</summary>
    public static readonly StepField Meeting = new("meetingId", "交办会", FieldKind.Number) { Required = false };

    public override string FormKey => "office:assign";

    public override IReadOnlyList<StepField> Fields => [Mode, LeadUnit, OtherUnits, IsKey, KeyLeader, KeyCommittee, Meeting];

    /// <summary>The leaders and committees a key suggestion may be given to.</summary>
    public sealed record View(IReadOnlyList<Leader> Leaders, IReadOnlyList<Committee> Committees);

    public override async Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var leaders = await view.Db.Set<Leader>().AsNoTracking().OrderBy(l => l.Id).ToListAsync(cancellationToken);
        var committees = await view.Db.Set<Committee>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return new View(leaders, committees);
    }

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var input = form.Input;
        var mode = input.Choice(Mode) ?? "LeadWithCo";
        var lead = input.Text(LeadUnit);
        var others = input.List(OtherUnits).Where(u => u != lead).ToList();
        var isKey = input.Bool(IsKey) ?? false;
        var leaderId = input.Text(KeyLeader, required: isKey);
        var committeeId = input.Text(KeyCommittee, required: isKey);
        var meetingId = input.Int(Meeting);
        var unitIds = others.Append(lead).Where(u => u is not null).Cast<string>().ToList();
        // A 交办会 chunk read these tables once for all its lines (inside its transaction); a single 交办 asks here.
        var chunk = AssignmentLookups.For(form.Db);
        var known = chunk is not null
            ? unitIds.Where(chunk.ActiveUnits.Contains).ToList()
            : await form.Db.Set<HandlingUnit>().Where(u => unitIds.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var missing in unitIds.Except(known))
        {
            input.Fail(missing == lead ? LeadUnit.Name : OtherUnits.Name, $"承办单位“{missing}”不存在");
        }
        if (leaderId is not null
            && !(chunk?.Leaders.Contains(leaderId) ?? await form.Db.Set<Leader>().AnyAsync(l => l.Id == leaderId, cancellationToken)))
        {
            input.Fail(KeyLeader.Name, $"领导“{leaderId}”不存在");
        }
        if (committeeId is not null
            && !(chunk?.Committees.Contains(committeeId) ?? await form.Db.Set<Committee>().AnyAsync(c => c.Id == committeeId, cancellationToken)))
        {
            input.Fail(KeyCommittee.Name, $"专委会“{committeeId}”不存在");
        }
        if (meetingId is { } m && m != chunk?.MeetingId && !await form.Db.Set<AssignmentMeeting>().AnyAsync(x => x.Id == m, cancellationToken))
        {
            input.Fail(Meeting.Name, "交办会不存在");
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
        var handling = chunk is null ? await ProcessSelection.HandlingProcessAsync(form.Db, isKey, cancellationToken)
            : isKey ? chunk.KeyHandling : chunk.Handling;
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
            ["assignedAt"] = form.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["replyDue"] = FormContext.EndOfDayIso(replyDue),
            ["evaluators"] = new JsonArray([.. evaluators.Distinct().Select(d => (JsonNode?)d.ToString(CultureInfo.InvariantCulture))]),
            ["round"] = 1,
            [ProcessKeys.HandlingProcessVariable] = handling.DefinitionKey,
            [ProcessKeys.HandlingVersionVariable] = handling.Version,
        };
    }
}
