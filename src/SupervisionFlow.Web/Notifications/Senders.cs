namespace SupervisionFlow.Web.Notifications;

/// <summary>Delivers one e-mail; throws when it cannot (the dispatcher records the error and retries).</summary>
public interface IMailSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>Delivers one SMS; throws when it cannot (the dispatcher records the error and retries).</summary>
public interface ISmsSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
