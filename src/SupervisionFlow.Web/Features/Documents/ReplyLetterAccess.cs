using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Suggestions;

namespace SupervisionFlow.Web.Features.Documents;

/// <summary>
/// Who may fetch a reply's letters: whoever may see the suggestion (<see cref="SuggestionScope"/>); a deputy only once
/// the reply was delivered and never a draft, as with the reply itself; a sealed scan only the reply's own unit uploads.
/// </summary>
public static class ReplyLetterAccess
{
    public static async Task<(Reply? Reply, SuggestionPerspective? Perspective)> LoadAsync(AppDbContext db, Actor actor, int replyId, CancellationToken cancellationToken)
    {
        var reply = await db.Set<Reply>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == replyId, cancellationToken);
        if (reply is null)
        {
            return (null, null);
        }
        var (_, perspective) = await SuggestionScope.For(actor).LoadAsync(db, reply.SuggestionId, cancellationToken);
        if (perspective == SuggestionPerspective.Deputy && reply.DeliveredAt is null)
        {
            perspective = null;
        }
        return (reply, perspective);
    }

    public static bool MayUploadScan(Actor actor, Reply reply) =>
        actor.InGroup(Actor.UnitGroup(reply.UnitId)) || actor.InGroup(Actor.UnitHeadGroup(reply.UnitId));
}
