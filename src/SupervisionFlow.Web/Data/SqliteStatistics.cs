using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// Keeps SQLite's query-planner statistics (<c>sqlite_stat1</c>) current, as PostgreSQL's autovacuum and SQL Server's
/// automatic statistics do by themselves. Without them SQLite guesses every index equally selective: on a
/// 10,000-suggestion session the 待办 query's plan went from an index range to a scan (office p95 85–94 ms in the seed
/// tool before, single-digit ms with statistics). <c>PRAGMA optimize=0x10002</c> looks at every table (0x10000) and
/// runs ANALYZE only where it is missing or the row count moved tenfold since; the analysis limit keeps each ANALYZE to
/// a sample, so a run costs milliseconds, not a scan of the file.
/// </summary>
public static class SqliteStatistics
{
    /// <summary>Rows ANALYZE reads per index (SQLite's suggested range is 100–1000): approximate statistics are enough.</summary>
    private const int AnalysisLimit = 1000;

    /// <summary>Refreshes the statistics on SQLite; does nothing on the other providers. True when it ran.</summary>
    public static async Task<bool> RefreshAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            return false;
        }
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // analysis_limit belongs to the connection: set on the one optimize runs on.
            await db.Database.ExecuteSqlRawAsync($"PRAGMA analysis_limit={AnalysisLimit};", cancellationToken).ConfigureAwait(false);
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
        return true;
    }
}
