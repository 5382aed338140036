using Hangfire;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// At start-up, writes the reminder scan's recurring job into Hangfire's storage with the configured interval, or
/// removes it when <c>Notifications:Reminders:Enabled</c> is false. Every node does so; the last writer wins, and all
/// nodes read the same configuration.
/// </summary>
public sealed class ReminderScanSchedule(IRecurringJobManager recurringJobs, IOptions<NotificationsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var reminders = options.Value.Reminders;
        if (reminders.Enabled)
        {
            recurringJobs.AddOrUpdate<ReminderScanJob>(
                ReminderScanJob.RecurringJobId,
                job => job.RunAsync(CancellationToken.None),
                ReminderScanJob.CronFor(reminders.IntervalMinutes),
                // Hangfire's schedule runs on real UTC time; what is due is decided by the engine's clock in the scan.
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            if (reminders.ScanOnStart)
            {
                recurringJobs.Trigger(ReminderScanJob.RecurringJobId);
            }
        }
        else
        {
            recurringJobs.RemoveIfExists(ReminderScanJob.RecurringJobId);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
