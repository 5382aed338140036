using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

public sealed class OutboxTests : IDisposable
{
    private readonly NotificationsTestDb _db = new(China(2026, 3, 2, 9));

    private OutboxMessage Message(string key) => new()
    {
        CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
        DedupKey = key,
        To = "jtj@example.gov.cn",
        Subject = "【待办提醒】第12号建议",
        Body = "正文",
    };

    [Fact]
    public async Task Enqueue_SameKeyInContextOrDatabase_AddedOnce()
    {
        using (var db = _db.Create())
        {
            Assert.True(Outbox.Enqueue(db, Message("reminder:t1:before:7")));
            Assert.False(Outbox.Enqueue(db, Message("reminder:t1:before:7"))); // already in Local
            await db.SaveChangesAsync();
        }
        using (var db = _db.Create())
        {
            Assert.False(Outbox.Enqueue(db, Message("reminder:t1:before:7"))); // already stored
            Assert.False(await Outbox.EnqueueAsync(db, Message("reminder:t1:before:7")));
            Assert.True(await Outbox.EnqueueAsync(db, Message("reminder:t1:before:1")));
            await db.SaveChangesAsync();
        }

        var rows = await _db.OutboxAsync();
        Assert.Equal(["reminder:t1:before:7", "reminder:t1:before:1"], rows.Select(r => r.DedupKey));
        Assert.All(rows, r => Assert.Equal((OutboxStatus.Pending, 0), (r.Status, r.Attempts)));
        Assert.All(rows, r => Assert.Equal(_db.Clock.GetUtcNow().UtcDateTime, r.NextAttemptAt));
        Assert.All(rows, r => Assert.Equal(DateTimeKind.Utc, r.CreatedAt.Kind));
    }

    [Fact]
    public async Task Enqueue_TwoWritersRacePastTheCheck_UniqueIndexRejectsTheSecond()
    {
        using var first = _db.Create();
        using var second = _db.Create();
        Assert.True(Outbox.Enqueue(first, Message("assigned:7:1")));
        Assert.True(Outbox.Enqueue(second, Message("assigned:7:1")));

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.Single(await _db.OutboxAsync());
    }

    [Fact]
    public async Task Enqueue_CallerRollsBack_NoMessage()
    {
        using (var db = _db.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Outbox.Enqueue(db, Message("assigned:8:1"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Empty(await _db.OutboxAsync());
    }

    [Fact]
    public void Enqueue_PendingWithoutRecipientOrKey_Refused()
    {
        using var db = _db.Create();
        var noRecipient = Message("x");
        noRecipient.To = " ";
        var noKey = Message(" ");

        Assert.Throws<ArgumentException>(() => Outbox.Enqueue(db, noRecipient));
        Assert.Throws<ArgumentException>(() => Outbox.Enqueue(db, noKey));
    }

    public void Dispose() => _db.Dispose();
}
