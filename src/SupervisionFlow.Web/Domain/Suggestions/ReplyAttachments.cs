using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>Reads the attachment lists of replies without loading any file's bytes.</summary>
public static class ReplyAttachments
{
    /// <summary>Reply id → its attachments in upload order (replies without files are absent).</summary>
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<AttachmentRef>>> ForRepliesAsync(
        DbContext db, IReadOnlyCollection<int> replyIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(replyIds);
        if (replyIds.Count == 0)
        {
            return new Dictionary<int, IReadOnlyList<AttachmentRef>>();
        }
        var ids = replyIds.ToList();
        var rows = await db.Set<ReplyAttachment>().AsNoTracking()
            .Where(a => ids.Contains(a.ReplyId))
            .OrderBy(a => a.Id)
            .Select(a => new AttachmentRef(a.Id, a.ReplyId, a.FileName, a.Size))
            .ToListAsync(cancellationToken);
        return rows.GroupBy(a => a.ReplyId).ToDictionary(g => g.Key, g => (IReadOnlyList<AttachmentRef>)[.. g]);
    }

    public static IReadOnlyList<AttachmentRef> Of(this IReadOnlyDictionary<int, IReadOnlyList<AttachmentRef>> byReply, int replyId) =>
        byReply.TryGetValue(replyId, out var list) ? list : [];
}
