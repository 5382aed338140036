using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>
/// The migrations are written by hand, so nothing else stops them drifting from the model: migrate one empty database,
/// let EnsureCreated build another from the model, and require the same tables, columns, keys and indexes. Every table
/// of the host's model is compared (engine, suggestion domain, outbox), not only the engine's. SQL Server, which cannot
/// run here, is compared offline from the two scripts EF writes for it; on a real server when SF_TEST_SQLSERVER is set.
/// </summary>
public sealed class MigrationDriftTests
{
    [Fact]
    public async Task Migrations_Sqlite_BuildTheSameSchemaAsTheModel()
    {
        using var migrated = new TestDatabaseFile();
        using var created = new TestDatabaseFile();

        var (fromMigrations, fromModel) = await BuildBothAsync(DatabaseProvider.Sqlite, migrated.ConnectionString, created.ConnectionString);

        Assert.Contains("table engine_tasks", fromModel);
        Assert.Contains("table suggestions", fromModel);
        Assert.Contains("table outbox_messages", fromModel);
        Assert.Equal(fromModel, fromMigrations);
    }

    [PostgresFact]
    public async Task Migrations_PostgreSql_BuildTheSameSchemaAsTheModel()
    {
        await using var migrated = await TestPostgres.CreateAsync();
        await using var created = await TestPostgres.CreateAsync();

        var (fromMigrations, fromModel) = await BuildBothAsync(DatabaseProvider.PostgreSQL, migrated.ConnectionString, created.ConnectionString);

        Assert.Contains(fromModel, l => l.StartsWith("column engine_tasks.Id character varying(36)", StringComparison.Ordinal));
        Assert.Contains(fromModel, l => l.StartsWith("column suggestions.ReplyDueOn date(", StringComparison.Ordinal));
        Assert.Contains(fromModel, l => l.StartsWith("column outbox_messages.Id bigint() nullable=NO identity=YES BY DEFAULT", StringComparison.Ordinal));
        Assert.Equal(fromModel, fromMigrations);
    }

    [Fact]
    public void Migrations_SqlServer_ScriptBuildsTheSameSchemaAsTheModel()
    {
        // No server: the migrations' script and the model's create script, both written by EF offline, are parsed by
        // ScriptDom and compared column by column, constraint by constraint, index by index.
        var (fromMigrationsScript, migrationErrors) = SqlServerOffline.Parse(SqlServerOffline.MigrationsScript());
        var (fromModelScript, modelErrors) = SqlServerOffline.Parse(SqlServerOffline.ModelScript());
        Assert.Empty(migrationErrors);
        Assert.Empty(modelErrors);

        var fromMigrations = SqlServerSchema.Read(fromMigrationsScript);
        var fromModel = SqlServerSchema.Read(fromModelScript);

        Assert.Contains("engine_tasks: column [ID] NVARCHAR(36) NOT NULL", fromModel);
        Assert.Contains("outbox_messages: column [ID] BIGINT NOT NULL IDENTITY", fromModel);
        Assert.Contains("data_protection_keys: column [ID] INT NOT NULL IDENTITY", fromModel);
        Assert.True(fromModel.SequenceEqual(fromMigrations), Difference(fromModel, fromMigrations));
    }

    [SqlServerFact]
    public async Task Migrations_SqlServer_BuildTheSameSchemaAsTheModel()
    {
        await using var migrated = await TestSqlServer.CreateAsync();
        await using var created = await TestSqlServer.CreateAsync();

        var (fromMigrations, fromModel) = await BuildBothAsync(DatabaseProvider.SqlServer, migrated.ConnectionString, created.ConnectionString);

        Assert.Contains(fromModel, l => l.StartsWith("column engine_tasks.Id nvarchar(36)", StringComparison.Ordinal));
        Assert.Equal(fromModel, fromMigrations);
    }

    [Fact]
    public async Task Migrations_AppliedTwice_SecondRunChangesNothing()
    {
        using var database = new TestDatabaseFile();
        await using var db = Context(DatabaseProvider.Sqlite, database.ConnectionString);
        await db.Database.MigrateAsync();

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task<(List<string> FromMigrations, List<string> FromModel)> BuildBothAsync(
        DatabaseProvider provider, string migratedConnection, string createdConnection)
    {
        await using var migrated = Context(provider, migratedConnection);
        await migrated.Database.MigrateAsync();
        await using var created = Context(provider, createdConnection);
        await created.Database.EnsureCreatedAsync();
        return (await SchemaReader.ReadAsync(migrated), await SchemaReader.ReadAsync(created));
    }

    private static string Difference(List<string> fromModel, List<string> fromMigrations) =>
        "only in the model:" + Environment.NewLine + string.Join(Environment.NewLine, fromModel.Except(fromMigrations))
        + Environment.NewLine + "only in the migrations:" + Environment.NewLine + string.Join(Environment.NewLine, fromMigrations.Except(fromModel));

    private static AppDbContext Context(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseExtensions.Configure(options, provider, connectionString);
        return new AppDbContext(options.Options);
    }
}
