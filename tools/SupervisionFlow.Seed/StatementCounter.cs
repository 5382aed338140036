using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupervisionFlow.Web.Seed;

/// <summary>
/// Counts the SQL commands the host's DbContexts send, so the report can give statements per filing and per review
/// (issue #10: where the intake's time goes) beside the rates.
/// </summary>
internal sealed class StatementCounter : DbCommandInterceptor
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }
}
