using MailKit.Net.Smtp;

namespace SupervisionFlow.Web.Notifications;

/// <summary>One open, secured, logged-in SMTP connection; each message is one MAIL FROM … DATA exchange on it.</summary>
internal sealed class SmtpMailSession(SmtpClient client, NotificationsOptions options, TimeProvider clock) : IMailSession
{
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(5);

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var mail = OutboxMail.Create(message, options, clock.GetLocalNow());
        await client.SendAsync(OutboxMail.Format, mail, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                using var quit = new CancellationTokenSource(QuitTimeout);
                await client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SmtpProtocolException or SmtpCommandException)
        {
            // Everything was sent or recorded as failed already; a QUIT that goes unanswered changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }
}
