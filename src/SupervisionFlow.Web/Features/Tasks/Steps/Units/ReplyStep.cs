using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Units;

/// <summary>
/// 拟写答复 / 重新办理 (unit): result class from the profile, the reply text and its attachments; re-handling opens
/// round 2. The attachments are added with the reply, so a rejected file leaves neither behind.
/// </summary>
public sealed class ReplyStep : HandlingStep
{
    /// <summary>The options are the profile's result classes (A/B/C …), given where the field is shown and read.</summary>
    public static readonly StepField ResultClass = new("resultClass", "答复类别", FieldKind.Choice);

    public static readonly StepField Text = new("text", "答复内容", FieldKind.TextArea) { Rows = 14, MaxLength = 20000 };

    public static readonly StepField Attachments = new("attachments", "附件", FieldKind.Files)
    {
        Required = false,
        Accept = AttachmentRules.AcceptList,
        Hint = $"答复函扫描件、佐证材料等，最多 {AttachmentRules.MaxFiles} 个，每个不超过 {AttachmentRules.MaxFileBytes / 1024 / 1024} MB",
    };

    public override string FormKey => "unit:reply";

    public override IReadOnlyList<StepField> Fields => [ResultClass, Text, Attachments];

    /// <summary>The profile's result classes, the options of <see cref="ResultClass"/>.</summary>
    public override Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Task.FromResult<object?>(view.Profile.ResultClasses);
    }

    public override Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var classes = form.Profile.ResultClasses;
        var code = form.Input.Choice(ResultClass, [.. classes.Select(c => c.Code)]);
        var text = form.Input.Text(Text);
        var attachments = AttachmentRules.Check(form.Files, form.Input, Attachments.Name, form.Actor.UserName, form.NowUtc);
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

    /// <summary>The options shown for <see cref="ResultClass"/>: "A 类：…".</summary>
    public static IEnumerable<(string Value, string Text)> ResultClassOptions(IReadOnlyList<ResultClass>? classes) =>
        (classes ?? []).Select(c => (c.Code, $"{c.Code} 类：{c.Label}"));
}
