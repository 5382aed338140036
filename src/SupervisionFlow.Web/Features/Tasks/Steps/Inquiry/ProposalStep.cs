using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Inquiry;

/// <summary>
/// 提出专题询问建议 (office): puts the twice-unsatisfactory suggestion into an inquiry topic — an existing proposed
/// topic, or a new one grouped by unit or category — for the 主任会议 to decide (监督法 Arts. 47–50).
/// </summary>
public sealed class ProposalStep : HandlingStep
{
    public static readonly StepField Topic = new("topicId", "纳入已有专题", FieldKind.Select) { Required = false, Hint = "或在下面新建专题" };

    public static readonly StepField TopicTitle = new("topicTitle", "新专题名称") { Required = false, MaxLength = 200 };

    public static readonly StepField GroupBy = new("groupBy", "归类方式", FieldKind.Choice) { Options = [("unit", "按承办单位"), ("category", "按建议类别")] };

    public override string FormKey => "office:inquiry-proposal";

    public override IReadOnlyList<StepField> Fields => [Topic, TopicTitle, GroupBy];

    /// <summary>The proposed topics not yet before the 主任会议: the options of <see cref="Topic"/>.</summary>
    public override async Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var topics = await view.Db.Set<InquiryTopic>().AsNoTracking().Where(t => t.State == InquiryState.Proposed && t.ProcessInstanceId == null)
            .OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return (IReadOnlyList<InquiryTopic>)topics;
    }

    public static IEnumerable<(string Value, string Text)> TopicOptions(IReadOnlyList<InquiryTopic>? topics) =>
        (topics ?? []).Select(t => (t.Id.ToString(CultureInfo.InvariantCulture), t.Title));

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var topicId = form.Input.Int(Topic);
        var title = form.Input.Text(TopicTitle, required: topicId is null);
        var groupBy = form.Input.Choice(GroupBy, required: topicId is null);
        InquiryTopic? topic = null;
        if (topicId is { } id)
        {
            topic = await form.Db.Set<InquiryTopic>().Include(t => t.Suggestions).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (topic is null || topic.State != InquiryState.Proposed)
            {
                form.Input.Fail(Topic.Name, "专题不存在或已提交主任会议");
            }
        }
        form.Input.ThrowIfInvalid();
        if (topic is null)
        {
            topic = new InquiryTopic
            {
                Title = title!, State = InquiryState.Proposed, ProposedBy = form.Actor.UserName, ProposedAt = form.NowUtc,
                UnitId = groupBy == "unit" ? form.Unit : null,
                Category = groupBy == "category" ? form.Suggestion.Category : null,
            };
            form.Db.Add(topic);
        }
        topic.Suggestions.Add(new InquiryTopicSuggestion { SuggestionId = form.Suggestion.Id });
        form.Suggestion.State = SuggestionState.Escalated;
        return new JsonObject { ["inquiryTopicTitle"] = topic.Title };
    }
}
