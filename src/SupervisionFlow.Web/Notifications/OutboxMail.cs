using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Text;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Turns an outbox row into the MIME message that goes out: UTF-8 throughout (RFC 2047 encoded words in the headers,
/// a base64 body), so Chinese subjects, names and text survive every hop; and a <c>Message-ID</c> derived from the row.
/// </summary>
public static class OutboxMail
{
    /// <summary>The header naming the notice (the row's dedup key), for people tracing a mail back to its cause.</summary>
    public const string NoticeHeader = "X-SupervisionFlow-Notice";

    /// <summary>
    /// The headers are written as 7-bit ASCII with encoded words even when a server offers SMTPUTF8: the mail passes
    /// through relays and clients we do not know, and encoded words are what every one of them reads.
    /// </summary>
    public static readonly FormatOptions Format = CreateFormat();

    /// <summary>
    /// <c>outbox-{id}.{hash}@{domain}</c>: the same for every send of the row (a resend after a crash carries the
    /// original's id, so mail clients and people can tell it is a copy), different for every row. The hash of the
    /// dedup key and creation time keeps ids of two installations whose row numbers coincide apart.
    /// </summary>
    public static string MessageId(OutboxMessage message, string domain)
    {
        ArgumentNullException.ThrowIfNull(message);
        var identity = string.Create(CultureInfo.InvariantCulture, $"{message.DedupKey}\n{message.CreatedAt.Ticks}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 6));
        return string.Create(CultureInfo.InvariantCulture, $"outbox-{message.Id}.{hash}@{domain}");
    }

    public static MimeMessage Create(OutboxMessage message, NotificationsOptions options, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var smtp = options.Smtp;
        var mail = new MimeMessage
        {
            Date = date,
            MessageId = MessageId(message, smtp.EffectiveMessageIdDomain),
            Subject = message.Subject,
        };
        mail.From.Add(new MailboxAddress(Encoding.UTF8, smtp.FromName, smtp.From));
        // Accepts "a@x.cn, b@y.cn": one reminder to all of a task's recipients.
        if (!InternetAddressList.TryParse(ParserOptions.Default, message.To, out var recipients) || recipients.Mailboxes.Count() == 0)
        {
            throw new FormatException($"收件人地址无效 / invalid recipient address '{message.To}'.");
        }
        mail.To.AddRange(recipients);
        mail.Headers.Add(NoticeHeader, message.DedupKey);
        var body = new TextPart(TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.Base64 };
        // Base64 keeps long Chinese lines intact through servers that rewrap or limit 8-bit text.
        body.SetText(Encoding.UTF8, message.Body);
        mail.Body = body;
        return mail;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.International = false;
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
