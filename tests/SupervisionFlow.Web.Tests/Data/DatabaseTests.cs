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

    [Theory]
    [InlineData(null, 1L)]
    [InlineData("Normal", 1L)]
    [InlineData("Full", 2L)]
    public async Task SqliteSynchronous_Setting_EveryHostConnectionReportsIt(string? setting, long expected)
    {
        using var database = new TestDatabaseFile();
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Database:SqliteSynchronous"] = setting }, database: database);
        var contexts = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        // Twice: the second open reuses the pooled native connection, on which the pragma is not run again.
        for (var i = 0; i < 2; i++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            Assert.Equal(expected, await SynchronousAsync(db.Database.GetDbConnection()));
        }
        // SQLite's own default on a fresh connection is FULL (2): NORMAL above is the host's doing.
        await using var plain = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        Assert.Equal(2L, await SynchronousAsync(plain));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("Off")]
    public async Task SqliteSynchronous_UnknownValue_RefusesToStart(string setting)
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Database:SqliteSynchronous"] = setting });

        var refused = Record.Exception(() => host.Services);

        Assert.True(refused is OptionsValidationException or InvalidOperationException, refused?.ToString() ?? "the host started");
        Assert.Contains("SqliteSynchronous", refused!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 10_000L)]
    [InlineData("500", 500L)]
    public async Task SqliteWalAutoCheckpointPages_Setting_EveryHostConnectionReportsIt(string? setting, long expected)
    {
        using var database = new TestDatabaseFile();
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Database:SqliteWalAutoCheckpointPages"] = setting }, database: database);
        var contexts = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        // Twice: the second open reuses the pooled native connection, on which the pragmas are not run again.
        for (var i = 0; i < 2; i++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            Assert.Equal(expected, await PragmaAsync(db.Database.GetDbConnection(), "wal_autocheckpoint"));
            Assert.Equal(1L, await PragmaAsync(db.Database.GetDbConnection(), "synchronous"));
        }
        // SQLite's own default is 1,000 pages: the 10,000 above is the host's doing.
        await using var plain = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        Assert.Equal(1_000L, await PragmaAsync(plain, "wal_autocheckpoint"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("many")]
    public async Task SqliteWalAutoCheckpointPages_OutOfRange_RefusesToStart(string setting)
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Database:SqliteWalAutoCheckpointPages"] = setting });

        var refused = Record.Exception(() => host.Services);

        Assert.True(refused is OptionsValidationException or InvalidOperationException, refused?.ToString() ?? "the host started");
        Assert.Contains("SqliteWalAutoCheckpointPages", refused!.ToString(), StringComparison.Ordinal);
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

    private static Task<long> SynchronousAsync(System.Data.Common.DbConnection connection) => PragmaAsync(connection, "synchronous");

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
