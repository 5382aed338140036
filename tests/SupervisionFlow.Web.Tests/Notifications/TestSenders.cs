using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>Records what it is asked to send and how many sessions were opened; optionally slow, to widen race windows.</summary>
public sealed class RecordingSender(TimeSpan delay = default) : IMailSender, ISmsSender
{
    private int _opened;

    public ConcurrentQueue<string> Sent { get; } = new();

    /// <summary>Sessions opened (for SMTP: connections).</summary>
    public int Opened => _opened;

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opened);
        return Task.FromResult<IMailSession>(new Session(this));
    }

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }
        Sent.Enqueue(message.DedupKey);
    }

    private sealed class Session(RecordingSender sender) : IMailSession
    {
        public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken) => sender.SendAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// Sends through a real sender, then "crashes": once the server has accepted the message it cancels the dispatch
/// and throws, before the row can be marked sent — what a process killed at that instant leaves behind. With
/// <c>crash: false</c> it only cancels: a shutdown requested while a send completes.
/// </summary>
public sealed class CrashAfterAcceptSender(IMailSender inner, CancellationTokenSource stop, bool crash = true) : IMailSender
{
    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken) =>
        new Session(await inner.OpenAsync(cancellationToken), stop, crash);

    private sealed class Session(IMailSession inner, CancellationTokenSource stop, bool crash) : IMailSession
    {
        public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            await inner.SendAsync(message, cancellationToken);
            await stop.CancelAsync();
            if (crash)
            {
                stop.Token.ThrowIfCancellationRequested();
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

public static class Dispatchers
{
    public static OutboxDispatcher Create(NotificationsTestDb db, NotificationsOptions options, IMailSender mail, ISmsSender? sms = null) =>
        new(db.Databases, mail, sms ?? new RecordingSender(), db.Clock, Options.Create(options), NullLogger<OutboxDispatcher>.Instance);
}
