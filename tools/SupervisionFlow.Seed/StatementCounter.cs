using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupervisionFlow.Web.Seed;

/// <summary>
/// Counts the SQL commands the host's DbContexts send, so the report can give statements per filing and per review
/// (issue #10: where the intake's time goes) beside the rates. With <c>--statement-shapes</c> it also counts each
/// command's shape (its text up to the first 90 characters), so the report can say which statements a filing sends.
/// </summary>
internal sealed class StatementCounter(bool shapes) : DbCommandInterceptor
{
    private const int ShapeLength = 90;

    private readonly ConcurrentDictionary<string, long> _shapes = new(StringComparer.Ordinal);
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    private bool CountsShapes => shapes;

    /// <summary>The counts by shape so far (empty unless shapes are counted).</summary>
    public IReadOnlyDictionary<string, long> Shapes() => new Dictionary<string, long>(_shapes, StringComparer.Ordinal);

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }

    // The text is complete only when the command runs (CommandInitialized sees it empty).
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CountShape(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountShape(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        CountShape(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        CountShape(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        CountShape(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        CountShape(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// The savepoints EF Core sets around a save inside a transaction it did not begin (<c>AutoSavepointsEnabled</c>)
    /// are statements too, sent by the transaction rather than as commands: counted by shape only.
    /// </summary>
    public DbTransactionInterceptor Savepoints => new SavepointCounter(this);

    private void CountShape(DbCommand command)
    {
        if (shapes)
        {
            AddShape(command.CommandText);
        }
    }

    private void AddShape(string commandText)
    {
        var text = string.Join(' ', commandText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        _shapes.AddOrUpdate(text.Length > ShapeLength ? text[..ShapeLength] : text, 1, (_, n) => n + 1);
    }

    private sealed class SavepointCounter(StatementCounter counter) : DbTransactionInterceptor
    {
        private const string Savepoint = "SAVEPOINT (EF Core's, around a save in a transaction)";
        private const string Release = "RELEASE SAVEPOINT (EF Core's, after that save)";

        public override InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            Count(Savepoint);
            return result;
        }

        public override InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            Count(Release);
            return result;
        }

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Count(Savepoint);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult> ReleasingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Count(Release);
            return ValueTask.FromResult(result);
        }

        private void Count(string shape)
        {
            if (counter.CountsShapes)
            {
                counter.AddShape(shape);
            }
        }
    }
}
