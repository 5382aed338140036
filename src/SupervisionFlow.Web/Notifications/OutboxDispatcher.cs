using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Sends due outbox rows. Each row is first claimed by a conditional update that pushes its
/// <see cref="OutboxMessage.NextAttemptAt"/> past a lease, so two dispatchers (two nodes, or a run overlapping a
/// slow one) never send the same row; a node that dies mid-send leaves the row to be retried when the lease ends.
/// A failure is recorded on the row and retried after 1, 2, 4 … minutes (at most an hour) until
/// <c>Notifications:Dispatch:MaxAttempts</c>; then the row is Failed and stays for the office to see.
/// </summary>
public sealed class OutboxDispatcher(
    NotificationsDb databases,
    IMailSender mail,
    ISmsSender sms,
    TimeProvider clock,
    IOptions<NotificationsOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>How long a claimed row is reserved for the claiming dispatcher; longer than any send may take.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>Sends every due pending row (up to the batch size); returns how many were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value.Dispatch;
        var db = databases.Create();
        await using var _ = db.ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var sent = 0;
        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await SendOneAsync(db, id, settings, cancellationToken).ConfigureAwait(false))
            {
                sent++;
            }
        }
        return sent;
    }

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failure: 1, 2, 4 … minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 20);
        var minutes = TimeSpan.FromMinutes(1 << exponent);
        return minutes < MaxBackoff ? minutes : MaxBackoff;
    }

    private async Task<bool> SendOneAsync(DbContext db, long id, NotificationsOptions.DispatchSettings settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseEnd = now + ClaimLease;
        var claimed = await db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, leaseEnd), cancellationToken)
            .ConfigureAwait(false);
        if (claimed == 0)
        {
            return false; // another dispatcher has it, or it changed since the query
        }
        var message = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        try
        {
            if (message.Channel == OutboxChannel.Sms)
            {
                await sms.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await mail.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            message.LastError = Describe(ex);
            if (message.Attempts >= settings.MaxAttempts)
            {
                message.Status = OutboxStatus.Failed;
                message.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
                logger.LogError(ex, "Outbox message {Id} ({Key}) to {To} failed {Attempts} times; given up", message.Id, message.DedupKey, message.To, message.Attempts);
            }
            else
            {
                message.NextAttemptAt = clock.GetUtcNow().UtcDateTime + Backoff(message.Attempts);
                logger.LogWarning("Outbox message {Id} ({Key}) to {To} failed (attempt {Attempts}), retry at {Retry:O}: {Error}",
                    message.Id, message.DedupKey, message.To, message.Attempts, message.NextAttemptAt, message.LastError);
            }
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            return false;
        }
        message.Attempts++;
        message.Status = OutboxStatus.Sent;
        message.SentAt = clock.GetUtcNow().UtcDateTime;
        // Recorded even though the send has happened: the notice must not go out again if this is cancelled.
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return true;
    }

    // The whole chain: SmtpException's own message is often just "Failure sending mail."; the cause is inside.
    private static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }
        var text = string.Join(" ← ", parts);
        return text.Length <= 2000 ? text : text[..2000];
    }
}
