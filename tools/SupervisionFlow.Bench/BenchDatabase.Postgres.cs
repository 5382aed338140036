using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Bench;

/// <summary>
/// The PostgreSQL variant: a database with a random name created on the server <c>--postgres=CONN</c> names, its
/// tables made by <c>EnsureCreated</c> from the same <see cref="BenchDbContext"/> model on the Npgsql provider, and
/// dropped on dispose (as the inbox run does). The engine's commits are counted by the same <see cref="CommitCounter"/>.
/// The SQLite-only members (<see cref="Pragma"/>, <see cref="OpenConnectionAsync"/>, the journal mode) are not used on it.
/// </summary>
internal sealed partial class BenchDatabase
{
    private readonly string? _postgresServer;

    private BenchDatabase(string postgresServer, string databaseName)
    {
        _postgresServer = postgresServer;
        Path = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(postgresServer) { Database = databaseName }.ToString();
        // Never added as an interceptor here: PRAGMA means nothing to PostgreSQL.
        Pragma = SqlitePragmaInterceptor.For(SqlitePragmas.HostDefaults);
        _options = new DbContextOptionsBuilder<BenchDbContext>().UseNpgsql(ConnectionString).AddInterceptors(Commits).Options;
    }

    public bool IsPostgres => _postgresServer is not null;

    /// <summary>The server's version, <c>fsync</c> and <c>synchronous_commit</c>: whether a commit waits for the disk.</summary>
    public string PostgresVersion { get; private set; } = "";

    public string PostgresFsync { get; private set; } = "";

    public string PostgresSynchronousCommit { get; private set; } = "";

    public static async Task<BenchDatabase> CreatePostgresAsync(string server)
    {
        var name = $"sf_bench_engine_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var database = new BenchDatabase(server, name);
        try
        {
            await using (var db = database.CreateContext())
            {
                await db.Database.EnsureCreatedAsync();
            }
            await using var connection = await database.OpenPostgresConnectionAsync();
            database.PostgresVersion = await ScalarAsync(connection, "SHOW server_version");
            database.PostgresFsync = await ScalarAsync(connection, "SHOW fsync");
            database.PostgresSynchronousCommit = await ScalarAsync(connection, "SHOW synchronous_commit");
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>A plain Npgsql connection to the run's database (pooled, as EF Core's).</summary>
    public async Task<NpgsqlConnection> OpenPostgresConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task DropPostgresAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_postgresServer!, $"DROP DATABASE IF EXISTS \"{Path}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }
}
