using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps;

/// <summary>The suggestion's latest reply with its attachments: what the head signs, the committee and leader judge and the deputy rates.</summary>
public sealed record LatestReplyView(Reply Reply, IReadOnlyList<AttachmentRef> Attachments)
{
    public static async Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Suggestion is not { } suggestion)
        {
            return null;
        }
        var reply = await view.Db.Set<Reply>().AsNoTracking().Where(r => r.SuggestionId == suggestion.Id)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return reply is null ? null : new LatestReplyView(reply, (await ReplyAttachments.ForRepliesAsync(view.Db, [reply.Id], cancellationToken)).Of(reply.Id));
    }
}
