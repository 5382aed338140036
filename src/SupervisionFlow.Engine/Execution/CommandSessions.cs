using System.Data;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// The contexts engine commands that run alone use (a completion, a timer batch). On SQLite a few of them are kept
/// with their connection open, each with a <see cref="PreparedRowWriter"/> whose statements stay prepared across
/// commands — Microsoft.Data.Sqlite disposes a command's prepared statements when its connection closes, and EF closes
/// it after every command. Their saves take turns (<see cref="WriteTurnAsync"/>): SQLite has one writer, and a writer
/// that meets the lock held answers with Microsoft.Data.Sqlite's sleep-and-retry; in turn, concurrent commands still
/// read and run their steps side by side and queue only for the write. On other databases (several nodes, a server
/// that prepares on its own) every command gets a new context and EF's save, as before.
/// </summary>
internal sealed class CommandSessions(Func<DbContext> createDbContext, int keep) : IDisposable
{
    // A handful at most, taken and returned once per command: a plain lock is cheaper than a concurrent bag's Count.
    private readonly Stack<CommandSession> _idle = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private bool? _keeps;
    private bool _disposed;

    /// <summary>An idle kept session, a new one, or (not SQLite, or <c>keep</c> = 0) a plain new context.</summary>
    public CommandSession Lease()
    {
        lock (_idle)
        {
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }
        var db = createDbContext();
        _keeps ??= keep > 0 && DatabaseKinds.IsSqlite(db);
        if (!_keeps.Value)
        {
            return new CommandSession(db, null, null, null);
        }
        // Opened through EF, so the host's connection set-up (its pragma interceptor) runs once for the session's life.
        db.Database.OpenConnection();
        return new CommandSession(db, new PreparedRowWriter(db), new PreparedReads(db), new PreparedJobClaim(db));
    }

    /// <summary>Keeps a healthy session for the next command (its tracked rows forgotten); disposes the rest.</summary>
    public void Return(CommandSession session)
    {
        if (session.Writer is not null
            && session.Db.Database.CurrentTransaction is null
            && session.Db.Database.GetDbConnection().State == ConnectionState.Open)
        {
            session.Db.ChangeTracker.Clear();
            lock (_idle)
            {
                if (!_disposed && _idle.Count < keep)
                {
                    _idle.Push(session);
                    return;
                }
            }
        }
        session.Dispose();
    }

    /// <summary>
    /// Waits for this engine's turn to write on SQLite (a kept session's save, a sweep's claim); dispose the result to
    /// give the turn on.
    /// </summary>
    public async Task<IDisposable> WriteTurnAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        return new WriteTurn(_writeGate);
    }

    public void Dispose()
    {
        lock (_idle)
        {
            _disposed = true;
            while (_idle.TryPop(out var session))
            {
                session.Dispose();
            }
        }
    }

    private sealed class WriteTurn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

/// <summary>A context for one command at a time and, when kept, its prepared writer, reads and job claim.</summary>
internal sealed class CommandSession(DbContext db, PreparedRowWriter? writer, PreparedReads? reads, PreparedJobClaim? claim) : IDisposable
{
    public DbContext Db { get; } = db;

    /// <summary>Null when the context is not kept (its save goes through EF).</summary>
    public PreparedRowWriter? Writer { get; } = writer;

    /// <summary>Null when the context is not kept (reads go through EF's queries).</summary>
    public PreparedReads? Reads { get; } = reads;

    /// <summary>Null when the context is not kept (a sweep claims through EF).</summary>
    public PreparedJobClaim? Claim { get; } = claim;

    public void Dispose()
    {
        Claim?.Dispose();
        Reads?.Dispose();
        Writer?.Dispose();
        Db.Dispose();
    }
}
