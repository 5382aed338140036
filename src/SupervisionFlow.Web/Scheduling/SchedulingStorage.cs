using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Scheduling;

/// <summary>
/// Hangfire's storage on the configured database provider. It holds only Hangfire's own state (servers, the reminder
/// scan's recurring job and its history); the deadlines themselves are the engine's timer rows in the main database.
/// </summary>
public static class SchedulingStorage
{
    /// <summary>PostgreSQL and SQL Server: Hangfire's tables live in this schema of the application's database.</summary>
    public const string Schema = "hangfire";

    /// <summary>The reminder scan is the only queued job: a short poll buys nothing.</summary>
    private static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>data/supervisionflow.db</c> → <c>data/supervisionflow.hangfire.db</c>: a file of its own, because
    /// Hangfire.Storage.SQLite writes through its own SQLite library (sqlite-net) with its own locking, and its
    /// polling must never hold the lock of the file the engine commits state changes to.
    /// </summary>
    public static string SqliteFileBeside(string databaseFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseFile);
        var folder = Path.GetDirectoryName(databaseFile) ?? "";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(databaseFile) + ".hangfire.db");
    }

    /// <summary><paramref name="connectionString"/> is the application's, as <see cref="DatabaseExtensions.ResolveConnectionString"/> gives it.</summary>
    public static JobStorage Create(DatabaseProvider provider, string connectionString)
    {
        // Keyed on the name so a provider added to DatabaseProvider (SQL Server) needs no change here.
        switch (provider.ToString())
        {
            case nameof(DatabaseProvider.Sqlite):
                return new SQLiteStorage(SqliteFileBeside(SqliteFile(connectionString)), new SQLiteStorageOptions
                {
                    QueuePollInterval = QueuePollInterval,
                });
            case nameof(DatabaseProvider.PostgreSQL):
                var postgres = new PostgreSqlStorageOptions
                {
                    SchemaName = Schema,
                    // Hangfire creates and upgrades its schema itself (its own migration scripts, under a lock), not
                    // our EF migrations: the two never touch each other's tables.
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = QueuePollInterval,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, postgres), postgres);
            case "SqlServer":
                return new SqlServerStorage(connectionString, new SqlServerStorageOptions
                {
                    SchemaName = Schema,
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = QueuePollInterval,
                });
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' has no Hangfire storage.");
        }
    }

    private static string SqliteFile(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "Hangfire's storage lives beside the SQLite database file: ConnectionStrings:SupervisionFlow must name a file (Data Source=path.db).");
        }
        return dataSource;
    }
}
