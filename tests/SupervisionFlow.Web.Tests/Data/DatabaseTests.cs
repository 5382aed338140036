using Microsoft.Data.Sqlite;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Data;

public sealed class DatabaseTests
{
    [Fact]
    public async Task Startup_SqliteFile_IsMigratedAndInWalMode()
    {
        using var database = new TestDatabaseFile();
        await using (var host = new EngineApiHost(database: database))
        {
            Assert.Empty(await host.CreateApiClient().GetArrayAsync("/api/engine/definitions"));
        }

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT count(*) FROM __EFMigrationsHistory";
        var migrations = typeof(SupervisionFlow.Web.Data.AppDbContext).Assembly.GetTypes()
            .Count(t => !t.IsAbstract && t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration)));
        Assert.Equal((long)migrations, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Startup_RelativeSqlitePath_IsResolvedAgainstContentRootAndItsFolderCreated()
    {
        var root = Directory.CreateTempSubdirectory("supervisionflow-root-");
        try
        {
            await using (var host = new EngineApiHost(new Dictionary<string, string?>
                         {
                             ["ConnectionStrings:SupervisionFlow"] = "Data Source=data/nested/supervisionflow.db",
                         }, contentRoot: root.FullName))
            {
                Assert.Empty(await host.CreateApiClient().GetArrayAsync("/api/engine/definitions"));
            }
            SqliteConnection.ClearAllPools();

            Assert.True(File.Exists(Path.Combine(root.FullName, "data", "nested", "supervisionflow.db")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            root.Delete(recursive: true);
        }
    }
}
