using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>Records what it is asked to send; optionally slow, to widen race windows.</summary>
public sealed class RecordingSender(TimeSpan delay = default) : IMailSender, ISmsSender
{
    public ConcurrentQueue<string> Sent { get; } = new();

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }
        Sent.Enqueue(message.DedupKey);
    }
}

public static class Dispatchers
{
    public static OutboxDispatcher Create(NotificationsTestDb db, NotificationsOptions options, IMailSender mail, ISmsSender? sms = null) =>
        new(db.Databases, mail, sms ?? new RecordingSender(), db.Clock, Options.Create(options), NullLogger<OutboxDispatcher>.Instance);
}
