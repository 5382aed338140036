using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>Mail through a real SMTP server (aiosmtpd), read back from its Maildir.</summary>
public sealed class SmtpMailSenderTests : IDisposable
{
    private readonly NotificationsTestDb _db = new(China(2026, 3, 2, 9));

    [SmtpServerFact]
    public async Task Send_RealSmtpServer_ChineseSubjectAndBodyArriveIntact()
    {
        using var server = await AiosmtpdServer.StartAsync();
        var options = Options(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = server.Port;
        });
        var sender = new SmtpMailSender(options, contentRoot: server.Maildir);
        const string subject = "【逾期提醒】第12号建议「关于加强城市公共交通建设、缓解早晚高峰拥堵的建议」 签收 已逾期 8 天（办理期限 2026年9月30日）";

        await sender.SendAsync(new OutboxMessage
        {
            DedupKey = "reminder:t1:overdue:2026-10-08",
            To = "jtj@example.gov.cn, head@example.gov.cn",
            Subject = subject,
            Body = NoticeText.Body(["市交通运输局：", "", "办理期限：2026年9月30日 23:59（北京时间）", "已逾期天数：8 天"]),
        }, CancellationToken.None);

        var raw = Assert.Single(await server.WaitForMessagesAsync(1));
        var mail = new MimeMessageReader(raw);
        Assert.Equal(subject, mail.Subject);
        Assert.Contains("已逾期天数：8 天", mail.Body, StringComparison.Ordinal);
        Assert.Contains(NoticeText.Footer, mail.Body, StringComparison.Ordinal);
        Assert.Contains("人大代表建议办理系统", mail.Header("From"), StringComparison.Ordinal);
        Assert.Contains("jtj@example.gov.cn", mail.Header("X-RcptTo"), StringComparison.Ordinal);
        Assert.Contains("head@example.gov.cn", mail.Header("X-RcptTo"), StringComparison.Ordinal);
        Assert.Equal("reminder:t1:overdue:2026-10-08", mail.Header("X-SupervisionFlow-Notice"));
    }

    [SmtpServerFact]
    public async Task Dispatch_RealSmtpServer_EachMessageDeliveredOnce()
    {
        using var server = await AiosmtpdServer.StartAsync();
        var options = Options(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = server.Port;
        });
        var dispatcher = Dispatchers.Create(_db, options, new SmtpMailSender(options, server.Maildir));
        using (var db = _db.Create())
        {
            foreach (var key in new[] { "assigned:12:1", "assigned:12:2" })
            {
                Outbox.Enqueue(db, new OutboxMessage
                {
                    CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
                    DedupKey = key,
                    To = $"{key.Replace(':', '-')}@example.gov.cn",
                    Subject = "【建议交办】您领衔的第12号建议已交办",
                    Body = "正文",
                });
            }
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, await dispatcher.DispatchDueAsync());
        _db.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var messages = await server.WaitForMessagesAsync(2);
        await Task.Delay(200); // a third, duplicate delivery would show up here
        Assert.Equal(2, server.Messages().Count);
        Assert.All(messages, m => Assert.Equal("【建议交办】您领衔的第12号建议已交办", new MimeMessageReader(m).Subject));
    }

    public void Dispose() => _db.Dispose();
}
