using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Writes notices into the caller's DbContext, so they commit (or roll back) with the caller's own changes: a
/// notice of an assignment exists exactly when the assignment does. Nothing is sent here; see <see cref="OutboxDispatcher"/>.
/// </summary>
public static class Outbox
{
    /// <summary>
    /// Adds <paramref name="message"/> to <paramref name="db"/> unless a message with its <see cref="OutboxMessage.DedupKey"/>
    /// is already stored or already added to this context. Returns whether it was added. Does not save.
    /// </summary>
    /// <remarks>
    /// The check and the unique index together make a notice unique: two writers racing past the check meet the
    /// index, and the later <c>SaveChanges</c> fails with a <see cref="DbUpdateException"/>.
    /// </remarks>
    public static bool Enqueue(DbContext db, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(db);
        Prepare(message);
        var set = db.Set<OutboxMessage>();
        var key = message.DedupKey;
        if (set.Local.Any(m => m.DedupKey == key) || set.AsNoTracking().Any(m => m.DedupKey == key))
        {
            return false;
        }
        set.Add(message);
        return true;
    }

    /// <summary>
    /// The same for a caller that read for many keys at once whether they are stored (<paramref name="storedAlready"/>
    /// is that answer for this message's key): only the messages added to <paramref name="db"/> are looked at.
    /// </summary>
    public static bool Enqueue(DbContext db, OutboxMessage message, bool storedAlready)
    {
        ArgumentNullException.ThrowIfNull(db);
        Prepare(message);
        var set = db.Set<OutboxMessage>();
        var key = message.DedupKey;
        if (storedAlready || set.Local.Any(m => m.DedupKey == key))
        {
            return false;
        }
        set.Add(message);
        return true;
    }

    /// <summary>The asynchronous twin of <see cref="Enqueue(DbContext, OutboxMessage)"/>.</summary>
    public static async Task<bool> EnqueueAsync(DbContext db, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        Prepare(message);
        var set = db.Set<OutboxMessage>();
        var key = message.DedupKey;
        if (set.Local.Any(m => m.DedupKey == key)
            || await set.AsNoTracking().AnyAsync(m => m.DedupKey == key, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        set.Add(message);
        return true;
    }

    /// <summary>Whether a notice with <paramref name="dedupKey"/> is stored or added to <paramref name="db"/>.</summary>
    public static async Task<bool> ExistsAsync(DbContext db, string dedupKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var set = db.Set<OutboxMessage>();
        return set.Local.Any(m => m.DedupKey == dedupKey)
               || await set.AsNoTracking().AnyAsync(m => m.DedupKey == dedupKey, cancellationToken).ConfigureAwait(false);
    }

    private static void Prepare(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.DedupKey))
        {
            throw new ArgumentException("An outbox message needs a DedupKey: it is what keeps a notice from being sent twice.", nameof(message));
        }
        if (message.Channel is not (OutboxChannel.Email or OutboxChannel.Sms))
        {
            throw new ArgumentException($"Unknown outbox channel '{message.Channel}': use Email or Sms.", nameof(message));
        }
        if (message.Status == OutboxStatus.Pending && string.IsNullOrWhiteSpace(message.To))
        {
            throw new ArgumentException(
                $"Outbox message '{message.DedupKey}' has no recipient; record it as Failed with the reason instead.", nameof(message));
        }
        if (message.CreatedAt == default)
        {
            throw new ArgumentException($"Outbox message '{message.DedupKey}' needs CreatedAt (the caller's clock).", nameof(message));
        }
        if (message.NextAttemptAt == default)
        {
            message.NextAttemptAt = message.CreatedAt;
        }
    }
}
