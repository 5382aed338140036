using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>Reminders for real engine tasks on the real 2026 calendar, written to the outbox once each.</summary>
public sealed class ReminderScannerTests : IDisposable
{
    private readonly NotificationsTestDb _db = new(China(2026, 9, 20, 10));

    private ReminderScanner Scanner(NotificationsOptions? options = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options ?? Options());
        return new ReminderScanner(_db.Engine, _db.Databases, new RecipientDirectory(wrapped), HolidayCalendar, _db.Clock, wrapped,
            NullLogger<ReminderScanner>.Instance);
    }

    private async Task<List<OutboxMessage>> NewRowsAsync(Func<Task> action)
    {
        var before = (await _db.OutboxAsync()).Select(m => m.Id).ToHashSet();
        await action();
        return [.. (await _db.OutboxAsync()).Where(m => !before.Contains(m.Id))];
    }

    [Fact]
    public async Task Scan_BeforeDue_SevenAndOneDayRemindersOnceEach()
    {
        var suggestionId = await NotificationsSeed.SeedAsync(_db);
        var taskId = await NotificationsSeed.StartUnitTaskAsync(_db, suggestionId, China(2026, 9, 30, 23, 59, 59));
        var scanner = Scanner();

        Assert.Equal(0, await scanner.ScanAsync()); // 2026-09-20: nothing due yet

        _db.Clock.SetUtcNow(China(2026, 9, 23, 8, 5));
        var seven = Assert.Single(await NewRowsAsync(() => scanner.ScanAsync()));
        Assert.Equal($"reminder:{taskId}:before:7", seven.DedupKey);
        Assert.Equal("【待办提醒】第12号建议「关于加强城市公共交通建设的建议」 签收 将于 2026年9月30日 到期", seven.Subject);
        Assert.Equal(("jtj@example.gov.cn", "市交通运输局", suggestionId), (seven.To, seven.ToName, seven.SuggestionId));
        Assert.Contains("建议编号：第12号（第18届人大第5次会议）", seven.Body, StringComparison.Ordinal);
        Assert.Contains("标题：关于加强城市公共交通建设的建议", seven.Body, StringComparison.Ordinal);
        Assert.Contains("任务：签收", seven.Body, StringComparison.Ordinal);
        Assert.Contains("办理期限：2026年9月30日 23:59（北京时间）", seven.Body, StringComparison.Ordinal);
        Assert.Contains("剩余天数：7 天", seven.Body, StringComparison.Ordinal);
        Assert.Contains($"办理链接：http://localhost:5080/tasks/{taskId}", seven.Body, StringComparison.Ordinal);

        // Scanning again, also by a new scanner (as after a restart), writes nothing more: the keys are in the database.
        _db.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await scanner.ScanAsync());
        Assert.Equal(0, await Scanner().ScanAsync());

        _db.Clock.SetUtcNow(China(2026, 9, 29, 8, 5));
        var one = Assert.Single(await NewRowsAsync(() => scanner.ScanAsync()));
        Assert.Equal($"reminder:{taskId}:before:1", one.DedupKey);
        Assert.Contains("剩余天数：1 天", one.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_OverdueOverNationalDay_EveryWorkingDayToUnitHeadAndOfficeToo_UntilCompleted()
    {
        var suggestionId = await NotificationsSeed.SeedAsync(_db);
        var taskId = await NotificationsSeed.StartUnitTaskAsync(_db, suggestionId, China(2026, 9, 30, 23, 59, 59));
        var scanner = Scanner();
        _db.Clock.SetUtcNow(China(2026, 9, 30, 9));
        await scanner.ScanAsync(); // the before-due reminders, not under test here
        var start = (await _db.OutboxAsync()).Count;

        var keysByDay = new Dictionary<string, List<string>>();
        for (var day = new DateOnly(2026, 10, 1); day <= new DateOnly(2026, 10, 12); day = day.AddDays(1))
        {
            foreach (var hour in new[] { 9, 15 })
            {
                _db.Clock.SetUtcNow(China(day.Year, day.Month, day.Day, hour));
                foreach (var row in await NewRowsAsync(() => scanner.ScanAsync()))
                {
                    keysByDay.TryAdd(day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture), []);
                    keysByDay[day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)].Add(row.DedupKey);
                }
            }
        }

        // Holiday 10-01..10-07 and Sunday 10-11: nothing. Working days (10-10 is a swapped Saturday): three each.
        Assert.Equal(["10-08", "10-09", "10-10", "10-12"], keysByDay.Keys);
        Assert.Equal(
            [$"reminder:{taskId}:overdue:2026-10-08", $"reminder:{taskId}:overdue:2026-10-08:head", $"reminder:{taskId}:overdue:2026-10-08:office"],
            keysByDay["10-08"]);
        var rows = (await _db.OutboxAsync()).Skip(start).ToList();
        Assert.Equal(12, rows.Count);
        var first = rows.Take(3).ToList();
        Assert.Equal("【逾期提醒】第12号建议「关于加强城市公共交通建设的建议」 签收 已逾期 8 天（办理期限 2026年9月30日）", first[0].Subject);
        Assert.Equal("jtj@example.gov.cn", first[0].To);
        Assert.Contains("已逾期天数：8 天", first[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("【逾期督办】", first[1].Subject, StringComparison.Ordinal);
        Assert.Equal(("wang@example.gov.cn", "市交通运输局王局长"), (first[1].To, first[1].ToName));
        Assert.Contains("请督促经办人员尽快办理", first[1].Body, StringComparison.Ordinal);
        Assert.Equal("lgw@example.gov.cn", first[2].To);
        Assert.Contains("待办单位/人员：市交通运输局", first[2].Body, StringComparison.Ordinal);

        // Completed: the reminders stop.
        await _db.Engine.CompleteTaskAsync(taskId, "jtj-handler");
        _db.Clock.SetUtcNow(China(2026, 10, 13, 9));
        Assert.Equal(0, await scanner.ScanAsync());
    }

    [Fact]
    public async Task Scan_NoAddressForGroup_OneFailedRowExplainsIt()
    {
        var suggestionId = await NotificationsSeed.SeedAsync(_db);
        var taskId = await NotificationsSeed.StartUnitTaskAsync(_db, suggestionId, China(2026, 9, 30, 23, 59, 59), groups: "deputy:3");
        var scanner = Scanner();
        _db.Clock.SetUtcNow(China(2026, 9, 29, 9));

        var row = Assert.Single(await NewRowsAsync(() => scanner.ScanAsync()));
        Assert.Equal($"reminder:{taskId}:before:1", row.DedupKey);
        Assert.Equal((OutboxStatus.Failed, ""), (row.Status, row.To));
        Assert.Contains("deputy:3（王五代表 没有登记电子邮箱", row.LastError, StringComparison.Ordinal);

        Assert.Equal(0, await scanner.ScanAsync());
    }

    [Fact]
    public async Task Scan_DeputyTaskWithSmsOn_EmailAndSms()
    {
        var suggestionId = await NotificationsSeed.SeedAsync(_db);
        var taskId = await NotificationsSeed.StartUnitTaskAsync(_db, suggestionId, China(2026, 9, 30, 23, 59, 59), groups: "deputy:1");
        var scanner = Scanner(Options(o =>
        {
            o.Sms.Enabled = true;
            o.Sms.Endpoint = "http://127.0.0.1:9/sms";
        }));
        _db.Clock.SetUtcNow(China(2026, 9, 29, 9));

        var rows = await NewRowsAsync(() => scanner.ScanAsync());

        Assert.Equal([$"reminder:{taskId}:before:1", $"reminder:{taskId}:before:1:sms:1"], rows.Select(r => r.DedupKey));
        Assert.Equal((OutboxChannel.Email, "zhangsan@example.cn"), (rows[0].Channel, rows[0].To));
        Assert.Equal((OutboxChannel.Sms, "13800000001"), (rows[1].Channel, rows[1].To));
        Assert.Equal("【人大代表建议办理】张三代表，您的第12号建议「关于加强城市公共交通建设的建议」签收任务将于9月30日到期，请及时办理。", rows[1].Body);
    }

    [SmtpServerFact]
    public async Task OverdueReminders_ThroughRealSmtpServer_ArriveWithChineseSubjects()
    {
        using var server = await AiosmtpdServer.StartAsync();
        var options = Options(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = server.Port;
        });
        var suggestionId = await NotificationsSeed.SeedAsync(_db);
        await NotificationsSeed.StartUnitTaskAsync(_db, suggestionId, China(2026, 9, 30, 23, 59, 59));
        var dispatcher = Dispatchers.Create(_db, options, new SmtpMailSender(options, server.Maildir));
        _db.Clock.SetUtcNow(China(2026, 10, 8, 8, 30));

        Assert.Equal(3, await Scanner(options).ScanAsync());
        Assert.Equal(3, await dispatcher.DispatchDueAsync());
        Assert.Equal(0, await Scanner(options).ScanAsync());
        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        var mails = (await server.WaitForMessagesAsync(3)).Select(m => new MimeMessageReader(m)).ToList();
        Assert.Equal(3, mails.Count);
        var byRecipient = mails.ToDictionary(m => m.Header("X-RcptTo")!);
        var unit = byRecipient["jtj@example.gov.cn"];
        Assert.Equal("【逾期提醒】第12号建议「关于加强城市公共交通建设的建议」 签收 已逾期 8 天（办理期限 2026年9月30日）", unit.Subject);
        Assert.Contains("已逾期天数：8 天", unit.Body, StringComparison.Ordinal);
        Assert.Equal("【逾期督办】第12号建议「关于加强城市公共交通建设的建议」 签收 已逾期 8 天（办理期限 2026年9月30日）", byRecipient["wang@example.gov.cn"].Subject);
        Assert.StartsWith("联工委：", byRecipient["lgw@example.gov.cn"].Body, StringComparison.Ordinal);
    }

    public void Dispose() => _db.Dispose();
}
