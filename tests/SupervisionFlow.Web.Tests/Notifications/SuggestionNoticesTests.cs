using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

public sealed class SuggestionNoticesTests : IDisposable
{
    private readonly NotificationsTestDb _db = new(China(2026, 3, 2, 10));

    private static SuggestionNotices Notices(NotificationsOptions? options = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options ?? Options());
        return new SuggestionNotices(new RecipientDirectory(wrapped), wrapped);
    }

    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Assigned_LeadAndCoSigners_UnitsAndDeadlineOncePerDeputy()
    {
        var id = await NotificationsSeed.SeedAsync(_db, s =>
        {
            s.AssignedAt = China(2026, 3, 2, 9).UtcDateTime;
            s.ReplyDueOn = new DateOnly(2026, 6, 2);
        });

        for (var call = 0; call < 2; call++) // a retried service task writes nothing new
        {
            using var db = _db.Create();
            await Notices().AssignedAsync(db, id, Now);
            await db.SaveChangesAsync();
        }

        var rows = await _db.OutboxAsync();
        Assert.Equal([$"assigned:{id}:1", $"assigned:{id}:2", $"assigned:{id}:3"], rows.Select(r => r.DedupKey));
        var lead = rows[0];
        Assert.Equal(("zhangsan@example.cn", "张三代表", OutboxStatus.Pending), (lead.To, lead.ToName, lead.Status));
        Assert.Equal("【建议交办】您领衔的第12号建议「关于加强城市公共交通建设的建议」已交办", lead.Subject);
        Assert.Contains("已于 2026年3月2日 交办", lead.Body, StringComparison.Ordinal);
        Assert.Contains("主办单位：市交通运输局", lead.Body, StringComparison.Ordinal);
        Assert.Contains("会办单位：市财政局", lead.Body, StringComparison.Ordinal);
        Assert.Contains("答复期限：2026年6月2日", lead.Body, StringComparison.Ordinal);
        Assert.Contains($"http://localhost:5080/suggestions/{id}", lead.Body, StringComparison.Ordinal);
        Assert.StartsWith("【建议交办】您附议的", rows[1].Subject, StringComparison.Ordinal);
        // 王五 has neither e-mail nor (with SMS off) a usable phone: recorded, visible, not silently dropped.
        Assert.Equal(OutboxStatus.Failed, rows[2].Status);
        Assert.Contains("王五代表没有登记电子邮箱", rows[2].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assigned_SmsOn_DeputyWithPhoneAlsoGetsSms()
    {
        var id = await NotificationsSeed.SeedAsync(_db, s => s.ReplyDueOn = new DateOnly(2026, 6, 2));
        var options = Options(o =>
        {
            o.Sms.Enabled = true;
            o.Sms.Endpoint = "http://127.0.0.1:9/sms";
        });

        using (var db = _db.Create())
        {
            await Notices(options).AssignedAsync(db, id, Now);
            await db.SaveChangesAsync();
        }

        var sms = Assert.Single(await _db.OutboxAsync(), r => r.Channel == OutboxChannel.Sms);
        Assert.Equal(($"assigned:{id}:1:sms", "13800000001"), (sms.DedupKey, sms.To));
        Assert.Equal("【人大代表建议办理】张三代表，您领衔的第12号建议已交由市交通运输局等2个单位办理，答复期限2026年6月2日。", sms.Body);
    }

    [Fact]
    public async Task ReplyDelivered_DeputiesAndOfficeCopy_WithResultClass()
    {
        var id = await NotificationsSeed.SeedAsync(_db);
        using (var db = _db.Create())
        {
            db.Add(new Reply
            {
                SuggestionId = id,
                UnitId = "jtj",
                Round = 1,
                ResultClass = "A",
                Text = "经研究，已于2026年5月起增开早晚高峰公交班次。",
                SignedBy = "王局长",
                RecordedBy = "jtj-handler",
                RecordedAt = Now,
            });
            await db.SaveChangesAsync();
        }

        using (var db = _db.Create())
        {
            await Notices().ReplyDeliveredAsync(db, id, 1, Now);
            await db.SaveChangesAsync();
        }

        var rows = await _db.OutboxAsync();
        Assert.Equal([$"reply:{id}:1:1", $"reply:{id}:1:2", $"reply:{id}:1:3", $"reply:{id}:1:office"], rows.Select(r => r.DedupKey));
        Assert.Equal("【答复送达】您领衔的第12号建议「关于加强城市公共交通建设的建议」已答复", rows[0].Subject);
        Assert.Contains("答复单位：市交通运输局", rows[0].Body, StringComparison.Ordinal);
        Assert.Contains("答复类别：A类（已解决或基本解决）", rows[0].Body, StringComparison.Ordinal);
        Assert.Contains("增开早晚高峰公交班次", rows[0].Body, StringComparison.Ordinal);
        Assert.Equal(("lgw@example.gov.cn", "【答复抄送】第12号建议「关于加强城市公共交通建设的建议」已答复"), (rows[3].To, rows[3].Subject));
    }

    [Fact]
    public async Task EvaluationDue_LeadByDefault_OrTheGivenEvaluators_PerRound()
    {
        var id = await NotificationsSeed.SeedAsync(_db);

        using (var db = _db.Create())
        {
            await Notices().EvaluationDueAsync(db, id, 1, new DateOnly(2026, 7, 1), Now);
            await Notices().EvaluationDueAsync(db, id, 2, new DateOnly(2026, 9, 1), Now, deputyIds: [1, 2]);
            await db.SaveChangesAsync();
        }

        var rows = await _db.OutboxAsync();
        Assert.Equal([$"evaluation:{id}:1:1", $"evaluation:{id}:2:1", $"evaluation:{id}:2:2"], rows.Select(r => r.DedupKey));
        Assert.Equal("【测评通知】请于 2026年7月1日 前测评第12号建议「关于加强城市公共交通建设的建议」的办理情况", rows[0].Subject);
        Assert.Contains("测评截止：2026年7月1日", rows[0].Body, StringComparison.Ordinal);
        Assert.Contains("（第2轮办理）", rows[1].Body, StringComparison.Ordinal);
        Assert.Equal("lisi@example.cn", rows[2].To);
    }

    [Fact]
    public async Task Notice_CallerDoesNotSave_NothingWritten()
    {
        var id = await NotificationsSeed.SeedAsync(_db);

        using (var db = _db.Create())
        {
            await Notices().AssignedAsync(db, id, Now);
        }

        Assert.Empty(await _db.OutboxAsync());
    }

    public void Dispose() => _db.Dispose();
}
