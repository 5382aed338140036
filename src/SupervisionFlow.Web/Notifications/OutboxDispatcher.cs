using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Sends due outbox rows, batch after batch while a backlog lasts; each batch's mail goes over one SMTP connection
/// (<see cref="IMailSender.OpenAsync"/>), paced by <c>Notifications:Dispatch:MaxMailsPerSecond</c>.
/// </summary>
/// <remarks>
/// <para>Each row is claimed just before it is sent, by a conditional update that pushes its
/// <see cref="OutboxMessage.NextAttemptAt"/> past <c>Dispatch:ClaimLease</c>, and marked sent right after, in the
/// transaction that claims the next row (one commit per mail): two dispatchers (two nodes, or a run overlapping a
/// slow one) never send the same row, and a node that dies mid-send leaves at most one row the server may have
/// accepted, sent again when its lease ends with the same <c>Message-ID</c> (<see cref="OutboxMail.MessageId"/>).
/// Delivery is at least once, a recognisable duplicate at most once per crash.</para>
/// <para>A failure is recorded on the row and retried after 1, 2, 4 … minutes (at most an hour) until
/// <c>Dispatch:MaxAttempts</c>; then the row is Failed and stays for the office to see. After a failed send the
/// connection is dropped and the next message opens a new one; when opening fails the run stops, so a server that is
/// down costs one attempt on one row per run, not one on every row of the backlog.</para>
/// </remarks>
public sealed class OutboxDispatcher(
    NotificationsDb databases,
    IMailSender mail,
    ISmsSender sms,
    TimeProvider clock,
    IOptions<NotificationsOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>Sends every due pending row, batch after batch until none is due; returns how many were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value.Dispatch;
        // Pacing counts the relay's real seconds, whatever clock decides what is due (the demo runs a manual one).
        var pacer = new SendPacer(settings.MaxMailsPerSecond, TimeProvider.System);
        var sent = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await SendBatchAsync(settings, pacer, cancellationToken).ConfigureAwait(false);
            sent += batch.Sent;
            // Nothing claimed: nothing due, or other nodes took it; a server that cannot be reached: try next run.
            if (batch.Claimed == 0 || batch.ServerUnreachable)
            {
                return sent;
            }
        }
    }

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failure: 1, 2, 4 … minutes, at most an hour.</summary>
    public static TimeSpan Backoff(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 20);
        var minutes = TimeSpan.FromMinutes(1 << exponent);
        return minutes < MaxBackoff ? minutes : MaxBackoff;
    }

    private async Task<BatchResult> SendBatchAsync(NotificationsOptions.DispatchSettings settings, SendPacer pacer, CancellationToken cancellationToken)
    {
        var db = databases.Create();
        await using var _ = db.ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        // Read whole rows, untracked: what a row says does not change while it waits, only its state does, and that
        // is written below by conditional updates.
        var due = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var result = new BatchResult();
        IMailSession? session = null;
        var claimedAhead = false; // the row at i was claimed in the previous row's mark-sent transaction
        try
        {
            for (var i = 0; i < due.Count; i++)
            {
                var message = due[i];
                if (cancellationToken.IsCancellationRequested)
                {
                    if (claimedAhead)
                    {
                        await ReleaseAsync(db, message.Id).ConfigureAwait(false);
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                }
                if (!claimedAhead && !await ClaimAsync(db, message.Id, cancellationToken).ConfigureAwait(false))
                {
                    continue; // another dispatcher has it, or it changed since the query
                }
                claimedAhead = false;
                result.Claimed++;
                var isMail = message.Channel != OutboxChannel.Sms;
                var opening = isMail && session is null;
                try
                {
                    if (isMail)
                    {
                        // Within the lease, which the options validator makes long enough for one wait and one send.
                        await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                        session ??= await mail.OpenAsync(cancellationToken).ConfigureAwait(false);
                        await session.SendAsync(message, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await sms.SendAsync(message, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    await RecordFailureAsync(db, message, ex, settings).ConfigureAwait(false);
                    if (isMail && session is not null)
                    {
                        // The connection may be in any state after a failure: the next message gets a fresh one.
                        await session.DisposeAsync().ConfigureAwait(false);
                        session = null;
                    }
                    else if (opening)
                    {
                        result.ServerUnreachable = true;
                        return result;
                    }
                    continue;
                }
                claimedAhead = await MarkSentAndClaimNextAsync(db, message, i + 1 < due.Count ? due[i + 1] : null).ConfigureAwait(false);
                result.Sent++;
            }
            return result;
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Marks <paramref name="sent"/> sent and claims <paramref name="next"/> in one transaction: one commit per mail
    /// (on SQLite each commit waits for the disk), and still never more than one row claimed but not marked.
    /// Not cancellable: the mail has gone, so the row must say so even if the run is being stopped.
    /// </summary>
    private async Task<bool> MarkSentAndClaimNextAsync(DbContext db, OutboxMessage sent, OutboxMessage? next)
    {
        var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var sentAt = clock.GetUtcNow().UtcDateTime;
            await db.Set<OutboxMessage>()
                .Where(m => m.Id == sent.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sent)
                    .SetProperty(m => m.SentAt, sentAt)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), CancellationToken.None)
                .ConfigureAwait(false);
            var claimed = next is not null && await ClaimAsync(db, next.Id, CancellationToken.None).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return claimed;
        }
    }

    /// <summary>Gives a claimed but unsent row back (the run is stopping), so it need not wait for its lease to end.</summary>
    private async Task ReleaseAsync(DbContext db, long id)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now), CancellationToken.None)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes the row's next attempt past the lease if it is still pending and due: whoever's update touches the row
    /// owns it until the lease ends.
    /// </summary>
    private async Task<bool> ClaimAsync(DbContext db, long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseEnd = now + options.Value.Dispatch.ClaimLease;
        var claimed = await db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, leaseEnd), cancellationToken)
            .ConfigureAwait(false);
        return claimed == 1;
    }

    /// <summary>
    /// Counts the attempt and sets the retry time, or gives up. The row's attempts as read are still current: only
    /// the holder of the claim changes them.
    /// </summary>
    private async Task RecordFailureAsync(DbContext db, OutboxMessage message, Exception ex, NotificationsOptions.DispatchSettings settings)
    {
        var attempts = message.Attempts + 1;
        var error = Describe(ex);
        var now = clock.GetUtcNow().UtcDateTime;
        var givenUp = attempts >= settings.MaxAttempts;
        var next = givenUp ? now : now + Backoff(attempts);
        if (givenUp)
        {
            logger.LogError(ex, "Outbox message {Id} ({Key}) to {To} failed {Attempts} times; given up", message.Id, message.DedupKey, message.To, attempts);
        }
        else
        {
            logger.LogWarning("Outbox message {Id} ({Key}) to {To} failed (attempt {Attempts}), retry at {Retry:O}: {Error}",
                message.Id, message.DedupKey, message.To, attempts, next, error);
        }
        await db.Set<OutboxMessage>()
            .Where(m => m.Id == message.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.Status, givenUp ? OutboxStatus.Failed : OutboxStatus.Pending), CancellationToken.None)
            .ConfigureAwait(false);
    }

    // The whole chain: a wrapped exception's own message often hides the cause inside.
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

    private sealed class BatchResult
    {
        public int Claimed { get; set; }

        public int Sent { get; set; }

        public bool ServerUnreachable { get; set; }
    }
}
