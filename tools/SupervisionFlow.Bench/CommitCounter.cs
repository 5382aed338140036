using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupervisionFlow.Bench;

/// <summary>
/// Counts the transactions EF Core commits on the benchmark database, so the report can show measured commits
/// per completion next to the rate ratio. Two kinds count: an explicit transaction's commit, and a writing
/// statement run outside any transaction (SQLite commits it on its own: EF Core saves a single-statement
/// change that way). An autocommit UPDATE that touched no row (a lost claim) wrote nothing and is not counted.
/// </summary>
internal sealed class CommitCounter : IDbTransactionInterceptor, IDbCommandInterceptor
{
    private long _commits;

    public long Commits => Interlocked.Read(ref _commits);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Interlocked.Increment(ref _commits);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        return Task.CompletedTask;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        CountAutocommit(command, result);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CountAutocommit(command, result);
        return ValueTask.FromResult(result);
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        CountAutocommit(command, rowsAffected: null);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        CountAutocommit(command, rowsAffected: null);
        return ValueTask.FromResult(result);
    }

    private void CountAutocommit(DbCommand command, int? rowsAffected)
    {
        if (command.Transaction is not null || rowsAffected == 0 || !IsWrite(command.CommandText))
        {
            return;
        }
        Interlocked.Increment(ref _commits);
    }

    private static bool IsWrite(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase);
    }
}
