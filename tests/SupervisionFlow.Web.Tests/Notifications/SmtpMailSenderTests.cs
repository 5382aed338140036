using System.Text;
using MailKit.Security;
using MimeKit;
using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>Mail through a real SMTP server (aiosmtpd), read back from its Maildir and parsed with MimeKit.</summary>
public sealed class SmtpMailSenderTests : IDisposable
{
    private const string ChineseSubject = "【逾期提醒】第12号建议「关于加强城市公共交通建设、缓解早晚高峰拥堵的建议」 签收 已逾期 8 天（办理期限 2026年9月30日）";
    private const string ChineseSender = "某市人大常委会代表工作委员会（联工委）";

    private readonly NotificationsTestDb _db = new(China(2026, 3, 2, 9));

    private static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));

    /// <summary>The header block as it travelled (unfolded), to check it is ASCII with RFC 2047 encoded words.</summary>
    private static string RawHeaders(string raw)
    {
        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        // Unfolded: a long encoded From or Subject is continued on indented lines.
        return System.Text.RegularExpressions.Regex.Replace(text[..text.IndexOf("\n\n", StringComparison.Ordinal)], @"\n[ \t]+", " ");
    }

    private NotificationsOptions SmtpOptions(int port, Action<NotificationsOptions.SmtpSettings>? configure = null) => Options(o =>
    {
        o.Smtp.Host = "127.0.0.1";
        o.Smtp.Port = port;
        o.Smtp.FromName = ChineseSender;
        configure?.Invoke(o.Smtp);
    });

    private async Task<OutboxMessage> EnqueueAsync(string key, string subject = ChineseSubject)
    {
        using var db = _db.Create();
        var message = new OutboxMessage
        {
            CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
            DedupKey = key,
            To = $"{key.Replace(':', '-')}@example.gov.cn",
            ToName = "市交通运输局",
            Subject = subject,
            Body = NoticeText.Body(["市交通运输局：", "", "已逾期天数：8 天"]),
        };
        Outbox.Enqueue(db, message);
        await db.SaveChangesAsync();
        return message;
    }

    [SmtpServerFact]
    public async Task Send_RealSmtpServer_ChineseSubjectAndSenderNameArriveDecodedFromRfc2047()
    {
        using var server = await AiosmtpdServer.StartAsync();
        var sender = new SmtpMailSender(SmtpOptions(server.Port), contentRoot: server.Maildir);

        await sender.SendOneAsync(new OutboxMessage
        {
            Id = 42,
            CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
            DedupKey = "reminder:t1:overdue:2026-10-08",
            To = "jtj@example.gov.cn, head@example.gov.cn",
            Subject = ChineseSubject,
            Body = NoticeText.Body(["市交通运输局：", "", "办理期限：2026年9月30日 23:59（北京时间）", "已逾期天数：8 天"]),
        });

        var raw = Assert.Single(await server.WaitForMessagesAsync(1));
        var mail = Parse(raw);
        Assert.Equal(ChineseSubject, mail.Subject);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal((ChineseSender, "noreply@example.gov.cn"), (from.Name, from.Address));
        Assert.Equal(["jtj@example.gov.cn", "head@example.gov.cn"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("已逾期天数：8 天", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(NoticeText.Footer, mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("reminder:t1:overdue:2026-10-08", mail.Headers[OutboxMail.NoticeHeader]);
        Assert.StartsWith("outbox-42.", mail.MessageId, StringComparison.Ordinal);
        Assert.EndsWith("@example.gov.cn", mail.MessageId, StringComparison.Ordinal);
        // What travelled: encoded words, not raw UTF-8 that a 7-bit relay or an old client would mangle.
        var headers = RawHeaders(raw);
        Assert.All(headers, c => Assert.True(c < 128, $"non-ASCII character '{c}' in the raw headers"));
        Assert.Matches(@"(?m)^Subject: =\?utf-8\?[BbQq]\?", headers);
        Assert.Matches(@"(?m)^From: =\?utf-8\?[BbQq]\?.*<noreply@example\.gov\.cn>", headers);
    }

    [SmtpServerFact]
    public async Task Dispatch_RealSmtpServer_EachMessageDeliveredOnce()
    {
        using var server = await AiosmtpdServer.StartAsync();
        var options = SmtpOptions(server.Port);
        var dispatcher = Dispatchers.Create(_db, options, new SmtpMailSender(options, server.Maildir));
        await EnqueueAsync("assigned:12:1", "【建议交办】您领衔的第12号建议已交办");
        await EnqueueAsync("assigned:12:2", "【建议交办】您领衔的第12号建议已交办");

        Assert.Equal(2, await dispatcher.DispatchDueAsync());
        _db.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var messages = await server.WaitForMessagesAsync(2);
        await Task.Delay(200); // a third, duplicate delivery would show up here
        Assert.Equal(2, server.Messages().Count);
        Assert.All(messages, m => Assert.Equal("【建议交办】您领衔的第12号建议已交办", Parse(m).Subject));
        Assert.Equal(2, messages.Select(m => Parse(m).MessageId).Distinct().Count());
    }

    [SmtpServerFact]
    public async Task Dispatch_CrashAfterServerAccepted_OnlyThatRowResentAfterTheLease_WithTheSameMessageId()
    {
        using var server = await AiosmtpdServer.StartAsync();
        var options = SmtpOptions(server.Port);
        options.Dispatch.ClaimLease = TimeSpan.FromMinutes(3);
        var first = await EnqueueAsync("assigned:12:1");
        var second = await EnqueueAsync("assigned:12:2");
        using var crash = new CancellationTokenSource();
        var crashing = Dispatchers.Create(_db, options, new CrashAfterAcceptSender(new SmtpMailSender(options, server.Maildir), crash));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.DispatchDueAsync(crash.Token));

        // The server has the first message; its row is still pending under the lease, the second was never touched.
        var original = Parse(Assert.Single(await server.WaitForMessagesAsync(1)));
        var rows = await _db.OutboxAsync();
        Assert.Equal((OutboxStatus.Pending, 0, _db.Clock.GetUtcNow().UtcDateTime.AddMinutes(3)), (rows[0].Status, rows[0].Attempts, rows[0].NextAttemptAt));
        Assert.Equal((OutboxStatus.Pending, _db.Clock.GetUtcNow().UtcDateTime), (rows[1].Status, rows[1].NextAttemptAt));

        // The restarted node sends the untouched row now and the leased one once its lease has ended.
        var dispatcher = Dispatchers.Create(_db, options, new SmtpMailSender(options, server.Maildir));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        _db.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        _db.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var mails = (await server.WaitForMessagesAsync(3)).Select(Parse).ToList();
        await Task.Delay(200);
        Assert.Equal(3, server.Messages().Count);
        var copies = mails.Where(m => m.Headers[OutboxMail.NoticeHeader] == "assigned:12:1").ToList();
        Assert.Equal(2, copies.Count);
        Assert.All(copies, m => Assert.Equal(original.MessageId, m.MessageId));
        Assert.Equal(OutboxMail.MessageId(first, "example.gov.cn"), original.MessageId);
        Assert.Equal(OutboxMail.MessageId(second, "example.gov.cn"), Assert.Single(mails, m => m.Headers[OutboxMail.NoticeHeader] == "assigned:12:2").MessageId);
        Assert.All(await _db.OutboxAsync(), r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [SmtpServerFact]
    public async Task Dispatch_BacklogOf300_AllDeliveredInOneRun()
    {
        using var server = await AiosmtpdServer.StartAsync();
        var options = SmtpOptions(server.Port);
        using (var db = _db.Create())
        {
            for (var i = 0; i < 300; i++)
            {
                Outbox.Enqueue(db, new OutboxMessage
                {
                    CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
                    DedupKey = $"assigned:{i}:1",
                    To = $"deputy{i}@example.cn",
                    Subject = "【建议交办】您领衔的建议已交办",
                    Body = "正文",
                });
            }
            await db.SaveChangesAsync();
        }
        var dispatcher = Dispatchers.Create(_db, options, new SmtpMailSender(options, server.Maildir));

        Assert.Equal(300, await dispatcher.DispatchDueAsync());

        Assert.Equal(300, (await server.WaitForMessagesAsync(300)).Count);
        Assert.All(await _db.OutboxAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [SmtpServerFact]
    public Task Send_StartTls_PinnedThumbprintAccepted_OtherCertificatesRefused() => SendOverTlsAsync(implicitTls: false);

    [SmtpServerFact]
    public Task Send_ImplicitTls_PinnedThumbprintAccepted_OtherCertificatesRefused() => SendOverTlsAsync(implicitTls: true);

    private async Task SendOverTlsAsync(bool implicitTls)
    {
        using var certificate = new ThrowAwayCertificate();
        // With --tlscert aiosmtpd refuses MAIL before STARTTLS, so a delivered message went over TLS.
        using var server = await AiosmtpdServer.StartAsync(certificate.ForServer(implicitTls));
        var security = implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        var message = await EnqueueAsync("assigned:12:1");

        // The default validation: a self-signed certificate nobody trusts is refused.
        var untrusted = new SmtpMailSender(SmtpOptions(server.Port, s => s.Security = security), server.Maildir);
        await Assert.ThrowsAsync<SslHandshakeException>(() => untrusted.SendOneAsync(message));

        // Pinned to another certificate's thumbprint: refused as well.
        using var otherCertificate = new ThrowAwayCertificate();
        var otherThumbprint = otherCertificate.Thumbprint;
        var wrongPin = new SmtpMailSender(SmtpOptions(server.Port, s => (s.Security, s.CertificateThumbprint) = (security, otherThumbprint)), server.Maildir);
        await Assert.ThrowsAsync<SslHandshakeException>(() => wrongPin.SendOneAsync(message));
        Assert.Empty(server.Messages());

        // Pinned to this certificate (written with colons, as openssl prints it): delivered, the Chinese intact.
        var pinned = string.Join(':', certificate.Thumbprint.Chunk(2).Select(pair => new string(pair)));
        var sender = new SmtpMailSender(SmtpOptions(server.Port, s => (s.Security, s.CertificateThumbprint) = (security, pinned)), server.Maildir);
        await sender.SendOneAsync(message);

        var mail = Parse(Assert.Single(await server.WaitForMessagesAsync(1)));
        Assert.Equal(ChineseSubject, mail.Subject);
        Assert.Equal(ChineseSender, Assert.Single(mail.From.Mailboxes).Name);
        Assert.Equal(OutboxMail.MessageId(message, "example.gov.cn"), mail.MessageId);
    }

    public void Dispose() => _db.Dispose();
}
