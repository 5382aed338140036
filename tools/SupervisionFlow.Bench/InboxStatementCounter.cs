using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupervisionFlow.Bench;

/// <summary>Counts the SQL statements EF Core sends and the connections it opens (the inbox benchmark's per-request figures).</summary>
internal sealed class InboxStatementCounter : DbCommandInterceptor, IDbConnectionInterceptor
{
    private int _statements;
    private int _opens;

    public int Statements => Volatile.Read(ref _statements);

    public int Opens => Volatile.Read(ref _opens);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _statements);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _statements);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _statements);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _opens);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Interlocked.Increment(ref _opens);
        return result;
    }
}
