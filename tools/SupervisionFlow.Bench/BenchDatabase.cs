using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Bench;

/// <summary>
/// A temporary SQLite file database in WAL mode (as the host runs it), created with the engine's tables and
/// deleted, with its -wal and -shm files, on dispose. Every connection gets the run's <c>PRAGMA synchronous</c> through
/// the host's own <see cref="SqlitePragmaInterceptor"/> (and its <c>wal_autocheckpoint</c>). Each context is new, as the host's
/// <c>AddDbContextFactory</c> makes them, or with <c>--pooled-contexts</c> leased from a <see cref="PooledDbContextFactory{TContext}"/>.
/// With <c>--postgres=CONN</c> the same engine runs also on a fresh PostgreSQL database (BenchDatabase.Postgres.cs).
/// </summary>
internal sealed partial class BenchDatabase : IAsyncDisposable
{
    private readonly DbContextOptions<BenchDbContext> _options;
    private readonly PooledDbContextFactory<BenchDbContext>? _pool;

    private BenchDatabase(string path, SqlitePragmas pragmas, bool pooledContexts)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        Pragma = SqlitePragmaInterceptor.For(pragmas);
        _options = new DbContextOptionsBuilder<BenchDbContext>().UseSqlite(ConnectionString).AddInterceptors(Commits, Pragma).Options;
        _pool = pooledContexts ? new PooledDbContextFactory<BenchDbContext>(_options) : null;
    }

    public bool PooledContexts => _pool is not null;

    /// <summary>The run's synchronous mode and checkpoint size, set on every connection as the host sets <c>Database:SqliteSynchronous</c> and <c>SqliteWalAutoCheckpointPages</c>.</summary>
    public SqlitePragmaInterceptor Pragma { get; }

    public string Path { get; }

    public string ConnectionString { get; }

    public CommitCounter Commits { get; } = new();

    public string JournalMode { get; private set; } = "";

    public string Synchronous { get; private set; } = "";

    public string SqliteVersion { get; private set; } = "";

    public static async Task<BenchDatabase> CreateAsync(SqlitePragmas pragmas, bool pooledContexts = false)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sf-bench-{Guid.NewGuid():N}.db");
        var database = new BenchDatabase(path, pragmas, pooledContexts);
        await using (var db = database.CreateContext())
        {
            await db.Database.EnsureCreatedAsync();
        }
        await using var connection = await database.OpenConnectionAsync();
        // journal_mode is stored in the file: every later connection of the pool runs in WAL too.
        database.JournalMode = await ScalarAsync(connection, "PRAGMA journal_mode=WAL;");
        database.Synchronous = await ScalarAsync(connection, "PRAGMA synchronous;") switch
        {
            "0" => "OFF",
            "1" => "NORMAL",
            "2" => "FULL",
            "3" => "EXTRA",
            var other => other,
        };
        database.SqliteVersion = await ScalarAsync(connection, "SELECT sqlite_version();");
        return database;
    }

    public BenchDbContext CreateContext() => _pool?.CreateDbContext() ?? new BenchDbContext(_options);

    /// <summary>A plain ADO.NET connection in the run's synchronous mode.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        Pragma.Apply(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (IsPostgres)
        {
            await DropPostgresAsync();
            return;
        }
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
