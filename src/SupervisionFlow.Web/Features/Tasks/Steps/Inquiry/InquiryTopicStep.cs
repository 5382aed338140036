using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps.Inquiry;

/// <summary>Base of the inquiry steps after the proposal: they work on the topic named by the task's <c>topicId</c> variable.</summary>
public abstract class InquiryTopicStep : HandlingStep
{
    /// <summary>The topic with its suggestions, shown above the fields (<c>_TopicSummary</c>).</summary>
    public override async Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var topicId = int.TryParse(view.Text("topicId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0;
        return await view.Db.Set<InquiryTopic>().AsNoTracking().Include(t => t.Suggestions).FirstOrDefaultAsync(t => t.Id == topicId, cancellationToken);
    }

    public override async Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var id = int.Parse(form.Text("topicId") ?? "0", CultureInfo.InvariantCulture);
        var topic = await form.Db.Set<InquiryTopic>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
                    ?? throw new HandlingNotFoundException($"专题询问 {id} 不存在。");
        return Apply(form, topic);
    }

    protected abstract JsonObject Apply(FormContext form, InquiryTopic topic);
}
