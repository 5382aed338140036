using MailKit.Net.Smtp;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Sends through MailKit to the SMTP server of <c>Notifications:Smtp</c> (STARTTLS or implicit TLS, login when
/// credentials are set, timeouts, configurable certificate validation); or, when <c>Smtp:Host</c> is empty, writes
/// <c>.eml</c> files into the pickup directory (<c>Notifications:PickupDirectory</c>, default <c>data/mail</c>), the
/// embedded default that needs no server. See <see cref="OutboxMail"/> for what a message looks like.
/// </summary>
public sealed class SmtpMailSender : IMailSender
{
    private readonly NotificationsOptions _options;
    private readonly TimeProvider _clock;

    public SmtpMailSender(NotificationsOptions options, string contentRoot, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = clock ?? TimeProvider.System;
        PickupDirectory = Path.GetFullPath(options.PickupDirectory, contentRoot);
    }

    /// <summary>The absolute pickup directory (used only when no SMTP host is configured).</summary>
    public string PickupDirectory { get; }

    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(_options.Smtp.Host);

    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (UsesPickupDirectory)
        {
            Directory.CreateDirectory(PickupDirectory);
            return new PickupDirectorySession(PickupDirectory, _options, _clock);
        }
        var smtp = _options.Smtp;
        var client = new SmtpClient
        {
            Timeout = smtp.TimeoutSeconds * 1000,
            ServerCertificateValidationCallback = ServerCertificatePolicy.For(smtp),
            // A pinned or knowingly unchecked certificate has no revocation list to ask.
            CheckCertificateRevocation = string.IsNullOrWhiteSpace(smtp.CertificateThumbprint) && !smtp.DangerousAcceptAnyCertificate,
        };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(smtp.ConnectTimeoutSeconds));
            try
            {
                await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, connectTimeout.Token).ConfigureAwait(false);
                if (!string.IsNullOrWhiteSpace(smtp.UserName))
                {
                    await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", connectTimeout.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (connectTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"连接邮件服务器超时 / SMTP server {smtp.Host}:{smtp.Port} not ready within {smtp.ConnectTimeoutSeconds} s (Notifications:Smtp:ConnectTimeoutSeconds).");
            }
            return new SmtpMailSession(client, _options, _clock);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
