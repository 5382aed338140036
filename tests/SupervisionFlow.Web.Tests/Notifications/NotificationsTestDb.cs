using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Persistence;
using Microsoft.Extensions.Time.Testing;
using SupervisionFlow.Web.Domain;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>A context with what the notifications touch: engine tables, domain tables and the outbox.</summary>
public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyEngineModel().ApplyDomainModel().ApplyNotificationsModel();
}

/// <summary>A real SQLite file with the schema created, a test clock (FakeTimeProvider), and an engine on the same database.</summary>
public sealed class NotificationsTestDb : IDisposable
{
    private readonly TestDatabaseFile _file = new();

    public NotificationsTestDb(DateTimeOffset start)
    {
        Clock = new FakeTimeProvider(start);
        using (var db = Create())
        {
            db.Database.EnsureCreated();
        }
        Databases = new NotificationsDb(Create);
        Engine = new ProcessEngine(Create, Clock);
    }

    public FakeTimeProvider Clock { get; }

    public NotificationsDb Databases { get; }

    public ProcessEngine Engine { get; }

    public string ConnectionString => _file.ConnectionString;

    public NotificationsDbContext Create() =>
        new(new DbContextOptionsBuilder<NotificationsDbContext>().UseSqlite(_file.ConnectionString).Options);

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        using var db = Create();
        return await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _file.Dispose();
    }
}

public static class NotificationsTestData
{
    private static readonly Lazy<WorkingCalendar> _calendar = new(() => CalendarLoader.LoadDirectory(RepoPaths.Calendars));

    /// <summary>The repository's own 2025/2026 calendar files (workflows/calendars).</summary>
    public static WorkingCalendar HolidayCalendar => _calendar.Value;

    public static string RepositoryRoot => RepoPaths.Root;

    /// <summary>A China local time as an instant: <c>China(2026, 3, 9, 8, 0)</c> is 2026-03-09 08:00 +08:00.</summary>
    public static DateTimeOffset China(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(8));

    public static NotificationsOptions Options(Action<NotificationsOptions>? configure = null)
    {
        var options = new NotificationsOptions();
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A fresh temporary directory, removed by the caller.</summary>
    public static string TempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
