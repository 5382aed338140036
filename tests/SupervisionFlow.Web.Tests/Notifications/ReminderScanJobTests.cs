using Cronos;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Tests.Notifications;

public sealed class ReminderScanJobTests
{
    [Theory]
    [InlineData(1, "*/1 * * * *", 1)]
    [InlineData(15, "*/15 * * * *", 15)]
    [InlineData(60, "0 */1 * * *", 60)]
    [InlineData(120, "0 */2 * * *", 120)]
    [InlineData(1440, "0 0 * * *", 1440)]
    public void CronFor_Interval_RunsThatOftenOnHangfiresCronParser(int minutes, string cron, int expectedGapMinutes)
    {
        Assert.Equal(cron, ReminderScanJob.CronFor(minutes));
        // Parsed as Hangfire parses recurring jobs (Cronos): two consecutive runs are the interval apart.
        var expression = CronExpression.Parse(cron);
        var first = expression.GetNextOccurrence(new DateTime(2026, 3, 2, 0, 0, 30, DateTimeKind.Utc))!.Value;
        var second = expression.GetNextOccurrence(first)!.Value;
        Assert.Equal(TimeSpan.FromMinutes(expectedGapMinutes), second - first);
    }
}
