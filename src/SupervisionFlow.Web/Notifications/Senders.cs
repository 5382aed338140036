namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Opens a mail session: one SMTP connection (connected, secured and logged in once) over which the dispatcher sends
/// a batch of messages, or a writer into the pickup directory. Throws when the server cannot be reached or refuses
/// the login.
/// </summary>
public interface IMailSender
{
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Sends messages one after another over an open connection; throws when one cannot be sent (the dispatcher records
/// the error on that row, drops the session and opens a new one for the next). Disposing closes the connection.
/// </summary>
public interface IMailSession : IAsyncDisposable
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>Delivers one SMS; throws when it cannot (the dispatcher records the error and retries).</summary>
public interface ISmsSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

public static class MailSenderExtensions
{
    /// <summary>Opens a session, sends <paramref name="message"/> and closes it: for a single notice outside the outbox's batches.</summary>
    public static async Task SendOneAsync(this IMailSender sender, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var session = await sender.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
