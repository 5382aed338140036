using Hangfire;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>At start-up, writes the archive's recurring job with its cron, or removes it while archiving is off.</summary>
public sealed class HistoryArchiveSchedule(IRecurringJobManager recurringJobs, IOptions<HistoryArchiveOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Enabled)
        {
            recurringJobs.AddOrUpdate<HistoryArchiveJob>(
                HistoryArchiveJob.RecurringJobId,
                job => job.RunAsync(CancellationToken.None),
                settings.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        else
        {
            recurringJobs.RemoveIfExists(HistoryArchiveJob.RecurringJobId);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
