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

    private void CountShape(DbCommand command)
    {
        if (!shapes)
        {
            return;
        }
        var text = string.Join(' ', command.CommandText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        _shapes.AddOrUpdate(text.Length > ShapeLength ? text[..ShapeLength] : text, 1, (_, n) => n + 1);
    }
}
