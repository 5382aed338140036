using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Units;

/// <summary>三访 (unit): a contact with the deputy before, during or after handling (stage from the task).</summary>
public sealed class ContactStep : HandlingStep
{
    public static readonly StepField ContactedOn = new("contactedOn", "联系日期", FieldKind.Date);

    public static readonly StepField Method = new("method", "联系方式", FieldKind.Choice)
    {
        Options = [.. new[] { "上门拜访", "座谈", "电话", "现场察看", "视频" }.Select(m => (m, m))],
    };

    public static readonly StepField Participants = new("participants", "参加人员") { Required = false, MaxLength = 500 };

    public static readonly StepField Summary = new("summary", "沟通情况", FieldKind.TextArea);

    /// <summary>Required only after handling (办后回访): the deputy's view of the result.</summary>
    public static readonly StepField DeputyView = new("deputyView", "代表意见", FieldKind.TextArea) { Required = false };

    public override string FormKey => "unit:contact";

    public override IReadOnlyList<StepField> Fields => [ContactedOn, Method, Participants, Summary, DeputyView];

    public static ContactStage StageOf(string activityId) => activityId switch
    {
        "visitBefore" => ContactStage.Before,
        "visitDuring" => ContactStage.During,
        _ => ContactStage.After,
    };

    public static string StageLabel(string activityId) => StageOf(activityId) switch
    {
        ContactStage.Before => "办前拜访",
        ContactStage.During => "办中走访",
        _ => "办后回访",
    };

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var stage = StageOf(form.Task.ActivityId);
        var on = form.Input.Date(ContactedOn);
        var method = form.Input.Choice(Method);
        var participants = form.Input.Text(Participants);
        var summary = form.Input.Text(Summary);
        var view = form.Input.Text(DeputyView, required: stage == ContactStage.After);
        if (on is { } date && date > form.Today)
        {
            form.Input.Fail(ContactedOn.Name, "联系日期不能晚于今天");
        }
        form.Input.ThrowIfInvalid();
        form.Db.Add(new DeputyContact
        {
            SuggestionId = form.Suggestion.Id, UnitId = form.Unit, Stage = stage, ContactedOn = on!.Value, Method = method!,
            Participants = participants, Summary = summary!, DeputyView = view, RecordedBy = form.Actor.UserName, RecordedAt = form.NowUtc,
        });
        return Task.FromResult(new JsonObject { [$"contact{stage}"] = on.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
    }
}
