using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Scheduling;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>AddNotifications in a host with its Hangfire server (AddScheduling): the dispatch loop sends what the outbox holds, on its own.</summary>
public sealed class NotificationsHostingTests : IDisposable
{
    private readonly NotificationsTestDb _db = new(China(2026, 3, 2, 9));
    private readonly string _root = TempDirectory("content-root");

    [Fact]
    public async Task AddNotifications_HostRunning_DispatchJobWritesEmlIntoPickupDirectory()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _root, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:Dispatch:IntervalSeconds"] = "1",
            ["Notifications:Reminders:Enabled"] = "false",
            ["Handling:CalendarPath"] = Path.Combine(RepositoryRoot, "workflows", "calendars"),
            // Hangfire's storage beside the test's SQLite file; the engine's sweep is not what this test is about.
            ["ConnectionStrings:SupervisionFlow"] = _db.ConnectionString,
            ["Engine:Sweep:Enabled"] = "false",
        });
        builder.Services.AddSingleton(_db.Databases);
        builder.Services.AddSingleton<TimeProvider>(_db.Clock);
        builder.Services.AddSingleton(_db.Engine);
        builder.AddNotifications();
        builder.AddScheduling();
        await using var app = builder.Build();
        using (var db = _db.Create())
        {
            Outbox.Enqueue(db, new OutboxMessage
            {
                CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
                DedupKey = "assigned:12:1",
                To = "zhangsan@example.cn",
                Subject = "【建议交办】您领衔的第12号建议已交办",
                Body = "正文",
            });
            await db.SaveChangesAsync();
        }

        await app.StartAsync();
        try
        {
            // The row turns Sent only after the file is complete, so wait for the row, not for the file.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await _db.OutboxAsync())[0].Status != OutboxStatus.Sent && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Equal(OutboxStatus.Sent, Assert.Single(await _db.OutboxAsync()).Status);
            var file = Assert.Single(Directory.GetFiles(Path.Combine(_root, "data", "mail"), "*.eml"));
            Assert.Equal("【建议交办】您领衔的第12号建议已交办", new MimeMessageReader(await File.ReadAllTextAsync(file)).Subject);
            // Everything the reminder job needs resolves too (the calendar from Handling:CalendarPath).
            Assert.NotNull(app.Services.GetRequiredService<ReminderScanner>());
            Assert.NotNull(app.Services.GetRequiredService<SuggestionNotices>());
        }
        finally
        {
            await app.StopAsync();
        }
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
