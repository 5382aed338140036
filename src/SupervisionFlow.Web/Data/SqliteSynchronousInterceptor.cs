using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// Sets <c>PRAGMA synchronous</c> (<c>Database:SqliteSynchronous</c>) on every SQLite connection EF Core opens: the
/// setting belongs to the connection, not to the file. Microsoft.Data.Sqlite pools the native connections, so the pragma
/// runs once per native connection (remembered by its handle), not on every open of a pooled one.
/// </summary>
public sealed class SqliteSynchronousInterceptor : DbConnectionInterceptor
{
    // The mode each native connection was last given; weak, so a closed-for-good handle is forgotten with it.
    private static readonly ConditionalWeakTable<object, object> Applied = new();

    private static readonly SqliteSynchronousInterceptor NormalMode = new(SqliteSynchronous.Normal);
    private static readonly SqliteSynchronousInterceptor FullMode = new(SqliteSynchronous.Full);

    private readonly string _pragma;

    private SqliteSynchronousInterceptor(SqliteSynchronous mode)
    {
        Mode = mode;
        // Built from the enum's own names, never from configuration text.
        _pragma = mode == SqliteSynchronous.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
    }

    public SqliteSynchronous Mode { get; }

    /// <summary>One shared instance per mode, so every context's options compare equal (EF Core caches by them).</summary>
    public static SqliteSynchronousInterceptor For(SqliteSynchronous mode) => mode switch
    {
        SqliteSynchronous.Normal => NormalMode,
        SqliteSynchronous.Full => FullMode,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Database:SqliteSynchronous must be Normal or Full."),
    };

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Gives an open connection this mode unless its native connection already has it.</summary>
    public void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite)
        {
            return;
        }
        if (Applied.TryGetValue(handle, out var mode) && (SqliteSynchronous)mode == Mode)
        {
            return;
        }
        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = _pragma;
            command.ExecuteNonQuery();
        }
        Applied.AddOrUpdate(handle, Mode);
    }
}

/// <summary><c>Database:SqliteSynchronous</c>: SQLite's <c>PRAGMA synchronous</c> on every connection the host opens.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// In WAL mode: a process crash loses no committed transaction and nothing is ever corrupted; a power loss or OS
    /// crash may lose the last commits (fsync at checkpoints only).
    /// </summary>
    Normal,

    /// <summary>Fsync of the WAL at every commit: durable across power loss too, at a cost per commit.</summary>
    Full,
}
