using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Bench;

/// <summary>
/// A temporary SQLite file database in WAL mode (as the host runs it), created with the engine's tables and
/// deleted, with its -wal and -shm files, on dispose.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly DbContextOptions<BenchDbContext> _options;

    private BenchDatabase(string path, string synchronous)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var builder = new DbContextOptionsBuilder<BenchDbContext>().UseSqlite(ConnectionString).AddInterceptors(Commits);
        if (synchronous != BenchSettings.HostSynchronous)
        {
            Pragma = new SynchronousPragma(synchronous);
            builder.AddInterceptors(Pragma);
        }
        _options = builder.Options;
    }

    /// <summary>Set when the run asked for another synchronous mode than the host's (SQLite's default, FULL).</summary>
    public SynchronousPragma? Pragma { get; }

    public string Path { get; }

    public string ConnectionString { get; }

    public CommitCounter Commits { get; } = new();

    public string JournalMode { get; private set; } = "";

    public string Synchronous { get; private set; } = "";

    public string SqliteVersion { get; private set; } = "";

    public static async Task<BenchDatabase> CreateAsync(string synchronous)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sf-bench-{Guid.NewGuid():N}.db");
        var database = new BenchDatabase(path, synchronous);
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

    public BenchDbContext CreateContext() => new(_options);

    /// <summary>A plain ADO.NET connection in the run's synchronous mode.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        Pragma?.Apply(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
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
