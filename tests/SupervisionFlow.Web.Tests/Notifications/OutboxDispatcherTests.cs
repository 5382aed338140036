using System.Net;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

public sealed class OutboxDispatcherTests : IDisposable
{
    private readonly NotificationsTestDb _db = new(China(2026, 3, 2, 9));
    private readonly string _pickup = TempDirectory("pickup");

    private async Task EnqueueAsync(string key, string to = "jtj@example.gov.cn", string channel = OutboxChannel.Email)
    {
        using var db = _db.Create();
        Outbox.Enqueue(db, new OutboxMessage
        {
            CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
            Channel = channel,
            DedupKey = key,
            To = to,
            ToName = "市交通运输局",
            Subject = "【待办提醒】第12号建议「关于加强城市公共交通建设的建议」 签收 将于 2026年3月9日 到期",
            Body = "市交通运输局：\r\n\r\n建议编号：第12号\r\n标题：关于加强城市公共交通建设的建议\r\n",
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Dispatch_NoSmtpHost_WritesUtf8EmlToPickupDirectoryOnce()
    {
        var options = Options(o => o.PickupDirectory = _pickup);
        var sender = new SmtpMailSender(options, contentRoot: "/nonexistent-root", _db.Clock);
        var dispatcher = Dispatchers.Create(_db, options, sender);
        await EnqueueAsync("reminder:t1:before:7");

        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var file = Assert.Single(Directory.GetFiles(_pickup));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal); // no temporary file left beside it
        var mail = MimeKit.MimeMessage.Load(file);
        Assert.Equal("【待办提醒】第12号建议「关于加强城市公共交通建设的建议」 签收 将于 2026年3月9日 到期", mail.Subject);
        Assert.Contains("标题：关于加强城市公共交通建设的建议", mail.TextBody, StringComparison.Ordinal);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal(("人大代表建议办理系统", "noreply@example.gov.cn"), (from.Name, from.Address));
        Assert.Equal("jtj@example.gov.cn", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Matches(@"^outbox-1\.[0-9a-f]{12}@example\.gov\.cn$", mail.MessageId);
        Assert.Equal(_db.Clock.GetUtcNow(), mail.Date);
        var row = Assert.Single(await _db.OutboxAsync());
        Assert.Equal((OutboxStatus.Sent, 1), (row.Status, row.Attempts));
        Assert.Equal(_db.Clock.GetUtcNow().UtcDateTime, row.SentAt);
    }

    [Fact]
    public void PickupDirectory_Relative_ResolvedAgainstContentRoot()
    {
        var sender = new SmtpMailSender(Options(), contentRoot: "/srv/supervisionflow");

        Assert.True(sender.UsesPickupDirectory);
        Assert.Equal("/srv/supervisionflow/data/mail", sender.PickupDirectory);
    }

    [Fact]
    public async Task Dispatch_SmtpPortClosed_CountsAttemptKeepsErrorAndBacksOffUntilFailed()
    {
        var options = Options(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = FreePort.Next(); // nobody listens there
            o.Smtp.TimeoutSeconds = 5;
            o.Dispatch.MaxAttempts = 3;
        });
        var dispatcher = Dispatchers.Create(_db, options, new SmtpMailSender(options, _pickup));
        await EnqueueAsync("reminder:t1:overdue:2026-03-10");
        var start = _db.Clock.GetUtcNow().UtcDateTime;

        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        var row = Assert.Single(await _db.OutboxAsync());
        Assert.Equal((OutboxStatus.Pending, 1), (row.Status, row.Attempts));
        Assert.Equal(start.AddMinutes(1), row.NextAttemptAt);
        Assert.Contains("Connection refused", row.LastError, StringComparison.Ordinal);
        Assert.Null(row.SentAt);

        // Not due again before the back-off ends.
        _db.Clock.Advance(TimeSpan.FromSeconds(59));
        await dispatcher.DispatchDueAsync();
        Assert.Equal(1, (await _db.OutboxAsync())[0].Attempts);

        _db.Clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.DispatchDueAsync();
        row = (await _db.OutboxAsync())[0];
        Assert.Equal((OutboxStatus.Pending, 2), (row.Status, row.Attempts));
        Assert.Equal(start.AddMinutes(1 + 2), row.NextAttemptAt);

        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        await dispatcher.DispatchDueAsync();
        row = (await _db.OutboxAsync())[0];
        Assert.Equal((OutboxStatus.Failed, 3), (row.Status, row.Attempts));
        Assert.NotNull(row.LastError);

        // Failed stays visible and is not tried again.
        _db.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Equal(3, (await _db.OutboxAsync())[0].Attempts);
    }

    [Fact]
    public void Backoff_DoublesFromOneMinute_CappedAtOneHour()
    {
        Assert.Equal(
            [1, 2, 4, 8, 16, 32, 60, 60, 60],
            Enumerable.Range(1, 9).Select(n => OutboxDispatcher.Backoff(n).TotalMinutes));
    }

    [Fact]
    public async Task Dispatch_TwoDispatchersAtOnce_EachMessageSentExactlyOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await EnqueueAsync($"assigned:{i}:1");
        }
        var sender = new RecordingSender(TimeSpan.FromMilliseconds(20));
        var options = Options();
        var first = Dispatchers.Create(_db, options, sender);
        var second = Dispatchers.Create(_db, options, sender);

        var counts = await Task.WhenAll(first.DispatchDueAsync(), second.DispatchDueAsync());

        Assert.Equal(20, counts.Sum());
        Assert.Equal(20, sender.Sent.Count);
        Assert.Equal(20, sender.Sent.Distinct().Count());
        Assert.All(await _db.OutboxAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task Dispatch_BacklogLargerThanABatch_DrainedInOneRun_OneSessionPerBatch()
    {
        for (var i = 0; i < 7; i++)
        {
            await EnqueueAsync($"assigned:{i}:1");
        }
        var sender = new RecordingSender();
        var dispatcher = Dispatchers.Create(_db, Options(o => o.Dispatch.BatchSize = 3), sender);

        Assert.Equal(7, await dispatcher.DispatchDueAsync());
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Equal([.. Enumerable.Range(0, 7).Select(i => $"assigned:{i}:1")], sender.Sent);
        Assert.Equal(3, sender.Opened); // batches of 3, 3 and 1 — a connection each, not one per message
    }

    [Fact]
    public async Task Dispatch_SmtpPortClosed_StopsAfterTheFirstRow_TheBacklogKeepsItsAttempts()
    {
        for (var i = 0; i < 5; i++)
        {
            await EnqueueAsync($"assigned:{i}:1");
        }
        var options = Options(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = FreePort.Next();
        });
        var dispatcher = Dispatchers.Create(_db, options, new SmtpMailSender(options, _pickup));

        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        Assert.Equal([1, 0, 0, 0, 0], (await _db.OutboxAsync()).Select(r => r.Attempts));
    }

    [Fact]
    public async Task Dispatch_RateLimit_SpacesTheMails()
    {
        for (var i = 0; i < 6; i++)
        {
            await EnqueueAsync($"assigned:{i}:1");
        }
        var dispatcher = Dispatchers.Create(_db, Options(o => o.Dispatch.MaxMailsPerSecond = 20), new RecordingSender());
        var started = TimeProvider.System.GetTimestamp();

        Assert.Equal(6, await dispatcher.DispatchDueAsync());

        // Six mails at 20/s: the sixth goes 5 × 50 ms after the first.
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(240), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Dispatch_CrashMidSend_RowLeasedForTheConfiguredClaimLease()
    {
        await EnqueueAsync("assigned:1:1");
        await EnqueueAsync("assigned:2:1");
        var options = Options(o => o.Dispatch.ClaimLease = TimeSpan.FromMinutes(2));
        using var crash = new CancellationTokenSource();
        var crashing = Dispatchers.Create(_db, options, new CrashAfterAcceptSender(new RecordingSender(), crash));
        var start = _db.Clock.GetUtcNow().UtcDateTime;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.DispatchDueAsync(crash.Token));

        var sender = new RecordingSender();
        var dispatcher = Dispatchers.Create(_db, options, sender);
        Assert.Equal([start.AddMinutes(2), start], (await _db.OutboxAsync()).Select(r => r.NextAttemptAt));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        _db.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        _db.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        Assert.Equal(["assigned:2:1", "assigned:1:1"], sender.Sent);
    }

    [Fact]
    public async Task Dispatch_StoppedAfterASend_SentRowMarked_NextRowGivenBackWithoutWaitingForItsLease()
    {
        await EnqueueAsync("assigned:1:1");
        await EnqueueAsync("assigned:2:1");
        using var stop = new CancellationTokenSource();
        var sender = new RecordingSender();
        var stopping = Dispatchers.Create(_db, Options(), new CrashAfterAcceptSender(sender, stop, crash: false));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopping.DispatchDueAsync(stop.Token));

        var rows = await _db.OutboxAsync();
        Assert.Equal(["assigned:1:1"], sender.Sent);
        Assert.Equal((OutboxStatus.Sent, 1), (rows[0].Status, rows[0].Attempts));
        Assert.Equal((OutboxStatus.Pending, 0, _db.Clock.GetUtcNow().UtcDateTime), (rows[1].Status, rows[1].Attempts, rows[1].NextAttemptAt));
    }

    [Fact]
    public async Task Dispatch_SmsChannel_PostsJsonToTheGateway()
    {
        var port = FreePort.Next();
        using var gateway = new HttpListener();
        gateway.Prefixes.Add($"http://127.0.0.1:{port}/sms/");
        gateway.Start();
        var received = Task.Run(async () =>
        {
            var context = await gateway.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var result = (context.Request.HttpMethod, context.Request.Headers["Authorization"], body);
            context.Response.StatusCode = 200;
            context.Response.Close();
            return result;
        });
        var options = Options(o =>
        {
            o.Sms.Enabled = true;
            o.Sms.Endpoint = $"http://127.0.0.1:{port}/sms/send";
            o.Sms.ApiKey = "secret";
        });
        using var http = new HttpClient();
        var dispatcher = Dispatchers.Create(_db, options, new RecordingSender(), new HttpSmsSender(http, Microsoft.Extensions.Options.Options.Create(options)));
        await EnqueueAsync("assigned:7:1:sms", to: "13800000001", channel: OutboxChannel.Sms);

        Assert.Equal(1, await dispatcher.DispatchDueAsync());

        var (method, authorization, body) = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("POST", method);
        Assert.Equal("Bearer secret", authorization);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("13800000001", (string?)json["to"]);
        Assert.StartsWith("市交通运输局：", (string?)json["text"], StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, (await _db.OutboxAsync())[0].Status);
    }

    [Fact]
    public async Task Dispatch_SmsChannelOff_RecordedAsFailureNotSent()
    {
        using var http = new HttpClient();
        var options = Options();
        var dispatcher = Dispatchers.Create(_db, options, new RecordingSender(), new HttpSmsSender(http, Microsoft.Extensions.Options.Options.Create(options)));
        await EnqueueAsync("assigned:7:1:sms", to: "13800000001", channel: OutboxChannel.Sms);

        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var row = (await _db.OutboxAsync())[0];
        Assert.Equal((OutboxStatus.Pending, 1), (row.Status, row.Attempts));
        Assert.Contains("短信通道未启用", row.LastError, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_pickup, recursive: true);
    }
}
