using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
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

    // Each per-connection pragma the host sets: its setting, SQLite's name for it, what the host's connections report,
    // and SQLite's own default on a plain connection (so the value seen is the host's doing).
    [Theory]
    [InlineData("SqliteSynchronous", null, "synchronous", 1L, 2L)]
    [InlineData("SqliteSynchronous", "Normal", "synchronous", 1L, 2L)]
    [InlineData("SqliteSynchronous", "Full", "synchronous", 2L, 2L)]
    [InlineData("SqliteWalAutoCheckpointPages", null, "wal_autocheckpoint", 10_000L, 1_000L)]
    [InlineData("SqliteWalAutoCheckpointPages", "500", "wal_autocheckpoint", 500L, 1_000L)]
    public async Task SqlitePragmaSetting_EveryHostConnectionReportsIt(string key, string? setting, string pragma, long expected, long sqliteDefault)
    {
        using var database = new TestDatabaseFile();
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Database:" + key] = setting }, database: database);
        var contexts = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        // Twice: the second open reuses the pooled native connection, on which the pragmas are not run again.
        for (var i = 0; i < 2; i++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            Assert.Equal(expected, await PragmaAsync(db.Database.GetDbConnection(), pragma));
        }
        await using var plain = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        Assert.Equal(sqliteDefault, await PragmaAsync(plain, pragma));
    }

    [Theory]
    [InlineData("SqliteSynchronous", "3")]
    [InlineData("SqliteSynchronous", "Off")]
    [InlineData("SqliteWalAutoCheckpointPages", "0")]
    [InlineData("SqliteWalAutoCheckpointPages", "99")]
    [InlineData("SqliteWalAutoCheckpointPages", "-1")]
    [InlineData("SqliteWalAutoCheckpointPages", "many")]
    public async Task SqlitePragmaSetting_InvalidValue_RefusesToStart(string key, string setting)
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Database:" + key] = setting });

        var refused = Record.Exception(() => host.Services);

        Assert.True(refused is OptionsValidationException or InvalidOperationException, refused?.ToString() ?? "the host started");
        Assert.Contains(key, refused!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Database=sf", 64, 64)]
    [InlineData("Host=db;Database=sf;Max Auto Prepare=5", 64, 5)]
    [InlineData("Host=db;Database=sf;MaxAutoPrepare=0", 64, 0)]
    [InlineData("Host=db;Database=sf", 0, 0)]
    public void PostgresMaxAutoPrepare_AddedUnlessTheConnectionStringSetsIt(string connectionString, int setting, int expected)
    {
        var result = DatabaseExtensions.WithAutoPrepare(connectionString, setting);

        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(result).MaxAutoPrepare);
        Assert.Equal("sf", new Npgsql.NpgsqlConnectionStringBuilder(result).Database);
    }

    [PostgresFact]
    public async Task PostgresMaxAutoPrepare_Default_RepeatedStatementIsPreparedOnTheServer()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var host = new EngineApiHost(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:SupervisionFlow"] = database.ConnectionString,
        });
        var contexts = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i, await db.Database.SqlQuery<int>($"SELECT {i} AS \"Value\"").SingleAsync());
        }

        var prepared = await db.Database.SqlQuery<string>($"SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        Assert.Contains(prepared, statement => statement.Contains("AS \"Value\"", StringComparison.Ordinal) && !statement.Contains("pg_prepared_statements", StringComparison.Ordinal));
    }

    private static async Task<long> PragmaAsync(System.Data.Common.DbConnection connection, string pragma)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
