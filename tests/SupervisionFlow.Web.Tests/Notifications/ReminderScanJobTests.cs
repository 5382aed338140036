using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Tests.Notifications;

public sealed class ReminderScanJobTests
{
    [Theory]
    [InlineData(1, "*/1 * * * *")]
    [InlineData(15, "*/15 * * * *")]
    [InlineData(59, "*/59 * * * *")]
    [InlineData(60, "0 */1 * * *")]
    [InlineData(150, "0 */2 * * *")]
    [InlineData(1440, "0 0 * * *")]
    public void CronFor_IntervalMinutes_EveryThatManyMinutesOrWholeHours(int minutes, string cron) =>
        Assert.Equal(cron, ReminderScanJob.CronFor(minutes));
}
