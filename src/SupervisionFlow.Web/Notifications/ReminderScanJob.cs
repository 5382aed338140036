using System.Globalization;
using Hangfire;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// The Hangfire recurring job that runs <see cref="ReminderScanner"/> every <c>Notifications:Reminders:IntervalMinutes</c>.
/// A recurring job (not a loop on every node like the sweep): the scan reads every open task, so once per interval
/// across the cluster is enough, minute granularity suits reminders, and the dashboard shows each run and failure.
/// </summary>
public sealed class ReminderScanJob(ReminderScanner scanner, IOptions<NotificationsOptions> options, ILogger<ReminderScanJob> logger)
{
    public const string RecurringJobId = "notifications-reminder-scan";

    /// <summary>
    /// No retries (the next run is the retry; a failed run stays visible as Failed in the dashboard); never two runs at
    /// once, even from two nodes (a lock in Hangfire's storage; the dedup keys would make a second run harmless anyway).
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Reminders.Enabled)
        {
            return 0;
        }
        var written = await scanner.ScanAsync(cancellationToken).ConfigureAwait(false);
        if (written > 0)
        {
            logger.LogInformation("Reminders: {Count} message(s) written to the outbox", written);
        }
        return written;
    }

    /// <summary>
    /// A cron expression for "every <paramref name="minutes"/> minutes" (1‥1440). Cron counts from the hour and the day:
    /// under an hour the scan runs at minutes divisible by the interval (an interval that does not divide 60 gets one
    /// shorter gap each hour); from an hour up it runs every whole number of hours (rounded down), a day or more daily
    /// at 00:00 UTC (08:00 China time).
    /// </summary>
    public static string CronFor(int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);
        if (minutes < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"*/{minutes} * * * *");
        }
        var hours = minutes / 60;
        return hours >= 24 ? "0 0 * * *" : string.Create(CultureInfo.InvariantCulture, $"0 */{hours} * * *");
    }
}
