using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Sends through <c>System.Net.Mail</c> (MailKit cannot be restored here, architecture.md): to the SMTP server of
/// <c>Notifications:Smtp</c>, or, when <c>Smtp:Host</c> is empty, as <c>.eml</c> files into the pickup directory
/// (<c>Notifications:PickupDirectory</c>, default <c>data/mail</c>), the embedded default that needs no server.
/// Subject, headers and body are UTF-8, so Chinese text survives every hop.
/// </summary>
public sealed class SmtpMailSender : IMailSender
{
    private readonly NotificationsOptions _options;

    public SmtpMailSender(NotificationsOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        PickupDirectory = Path.GetFullPath(options.PickupDirectory, contentRoot);
    }

    /// <summary>The absolute pickup directory (used only when no SMTP host is configured).</summary>
    public string PickupDirectory { get; }

    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(_options.Smtp.Host);

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mail = CreateMessage(message);
        using var client = CreateClient();
        await client.SendMailAsync(mail, cancellationToken).ConfigureAwait(false);
    }

    private MailMessage CreateMessage(OutboxMessage message)
    {
        var smtp = _options.Smtp;
        var mail = new MailMessage
        {
            From = new MailAddress(smtp.From, smtp.FromName, Encoding.UTF8),
            Subject = message.Subject,
            Body = message.Body,
            IsBodyHtml = false,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            // Base64 keeps long Chinese lines intact through servers that rewrap or limit 8-bit text.
            BodyTransferEncoding = TransferEncoding.Base64,
        };
        try
        {
            // Accepts "a@x.cn, b@y.cn": one reminder to all of a task's recipients.
            mail.To.Add(message.To);
        }
        catch (FormatException e)
        {
            mail.Dispose();
            throw new FormatException($"收件人地址无效 / invalid recipient address '{message.To}': {e.Message}", e);
        }
        mail.Headers.Add("X-SupervisionFlow-Notice", message.DedupKey);
        return mail;
    }

    private SmtpClient CreateClient()
    {
        var smtp = _options.Smtp;
        if (UsesPickupDirectory)
        {
            Directory.CreateDirectory(PickupDirectory);
            return new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = PickupDirectory,
            };
        }
        var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            // EnableSsl on System.Net.Mail means STARTTLS on the plain port (explicit TLS).
            EnableSsl = smtp.StartTls,
            Timeout = smtp.TimeoutSeconds * 1000,
        };
        if (!string.IsNullOrWhiteSpace(smtp.UserName))
        {
            client.UseDefaultCredentials = false;
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        return client;
    }
}
