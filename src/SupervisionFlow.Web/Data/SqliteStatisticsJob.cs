using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// The Hangfire recurring job that refreshes SQLite's planner statistics (<see cref="SqliteStatistics"/>) on
/// <c>Database:SqliteOptimizeCron</c> (hourly by default), and once right after each start, in the background.
/// Registered only when the provider is SQLite.
/// </summary>
public sealed class SqliteStatisticsJob(IDbContextFactory<AppDbContext> contexts)
{
    public const string RecurringJobId = "sqlite-statistics";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await SqliteStatistics.RefreshAsync(db, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>At start-up, writes the statistics job with its cron on SQLite (and triggers it once), or removes it.</summary>
public sealed class SqliteStatisticsSchedule(IRecurringJobManager recurringJobs, IOptions<DatabaseOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            recurringJobs.AddOrUpdate<SqliteStatisticsJob>(
                SqliteStatisticsJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), settings.SqliteOptimizeCron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            recurringJobs.Trigger(SqliteStatisticsJob.RecurringJobId);
        }
        else
        {
            recurringJobs.RemoveIfExists(SqliteStatisticsJob.RecurringJobId);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
