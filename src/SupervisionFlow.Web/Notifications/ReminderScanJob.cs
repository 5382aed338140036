using Microsoft.Extensions.Options;
using Quartz;

namespace SupervisionFlow.Web.Notifications;

/// <summary>Runs <see cref="ReminderScanner"/> every <c>Notifications:Reminders:IntervalMinutes</c>.</summary>
[DisallowConcurrentExecution]
public sealed class ReminderScanJob(ReminderScanner scanner, IOptions<NotificationsOptions> options, ILogger<ReminderScanJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Reminders.Enabled)
        {
            return;
        }
        try
        {
            var written = await scanner.ScanAsync(cancellationToken).ConfigureAwait(false);
            if (written > 0)
            {
                logger.LogInformation("Reminders: {Count} message(s) written to the outbox", written);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Reminder scan failed");
        }
    }
}
