using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Engine.Tests.TestSupport;

public sealed class EngineHarnessTests
{
    [Theory, SqliteData, PostgresData]
    public async Task CreateAsync_FreshDatabase_HasEmptyEngineTables(TestDatabase database)
    {
        await using var h = await EngineHarness.CreateAsync(database);

        await using var db = h.CreateDbContext();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).ToList();
        Assert.Contains("engine_definitions", tables);
        Assert.Contains("engine_instances", tables);
        Assert.Contains("engine_tasks", tables);
        // the tables exist and are empty: a query against each succeeds
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + entity.GetTableName() + "\"";
            var count = await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
            Assert.Equal(0, count);
        }
        Assert.Equal(EngineHarness.StartTime, h.Clock.GetUtcNow());
    }

    [Fact]
    public async Task CreateAsync_Sqlite_UsesWalJournal()
    {
        await using var h = await EngineHarness.CreateAsync();

        await using var db = h.CreateDbContext();
        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", Assert.Single(mode));
    }

    [Fact]
    public async Task DisposeAsync_Sqlite_DeletesTheDatabaseFile()
    {
        var h = await EngineHarness.CreateAsync();
        var file = h.ConnectionString.Split(';')[0]["Data Source=".Length..];
        Assert.True(File.Exists(file));

        await h.DisposeAsync();

        Assert.False(File.Exists(file));
    }
}
