using Hangfire;
using Hangfire.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>SQLite keeps no statistics by itself: the host refreshes them (SqliteStatistics, hourly job).</summary>
public sealed class SqliteStatisticsTests
{
    [Fact]
    public async Task Refresh_IndexedTableNeverAnalyzed_GetsPlannerStatistics()
    {
        using var database = new TestDatabaseFile();
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE sample (id INTEGER PRIMARY KEY, kind TEXT NOT NULL);
                CREATE INDEX ix_sample_kind ON sample (kind);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO sample (kind) SELECT 'k' || (i % 7) FROM n;
                """;
            await command.ExecuteNonQueryAsync();
        }
        var options = DatabaseExtensions.Configure(new DbContextOptionsBuilder<AppDbContext>(), DatabaseProvider.Sqlite, database.ConnectionString);
        await using var db = new AppDbContext((DbContextOptions<AppDbContext>)options.Options);

        Assert.True(await SqliteStatistics.RefreshAsync(db));

        var analyzed = await db.Database.SqlQueryRaw<string>("SELECT idx AS \"Value\" FROM sqlite_stat1 WHERE tbl = 'sample'").ToListAsync();
        Assert.Contains("ix_sample_kind", analyzed);
    }

    [Fact]
    public async Task Host_OnSqlite_SchedulesTheStatisticsJob()
    {
        using var database = new TestDatabaseFile();
        await using var host = new EngineApiHost(database: database);
        Assert.Empty(await host.CreateApiClient().GetArrayAsync("/api/engine/definitions"));

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == SqliteStatisticsJob.RecurringJobId);
        Assert.Equal("17 * * * *", job.Cron);
    }
}
