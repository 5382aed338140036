using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Tests.Notifications;

namespace SupervisionFlow.Web.Tests.Scenarios;

/// <summary>An overdue suggestion's reminders, written by the real scanner and delivered to a real SMTP server (aiosmtpd).</summary>
public sealed class ReminderScenarioTests
{
    [SmtpServerFact]
    public async Task OverdueTask_RemindsBeforeAndOnEveryWorkingDayAfter_ThroughARealSmtpServer()
    {
        using var smtp = await AiosmtpdServer.StartAsync();
        await using var world = await ScenarioWorld.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Driven step by step below instead of by the Hangfire loop and recurring job, so each step's mail can be counted.
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Notifications:Reminders:Enabled"] = "false",
        });
        var suggestion = await world.SubmitAsync();
        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", []);
        await world.CompleteAsync(suggestion.Id, "acknowledge", ScenarioWorld.Unit("jtj"), new { ackDecision = "accept" });
        // 三定 is due 15 working days after Monday 2026-03-02: Monday 2026-03-23.
        var plan = await world.TaskAsync(suggestion.Id, "plan");
        Assert.Equal(new DateTimeOffset(2026, 3, 23, 23, 59, 59, TimeSpan.FromHours(8)).UtcDateTime, plan.DueAt);

        var seen = new HashSet<string>();
        // The lead deputy and the co-signer are told which unit handles it and by when.
        var assignedNotices = await DeliverAsync(world, smtp, seen, expectedTotal: 2);
        Assert.All(assignedNotices, m => Assert.Contains("【建议交办】", m.Subject, StringComparison.Ordinal));
        Assert.Contains(assignedNotices, m => m.Header("To")!.Contains("wangjg@example.cn", StringComparison.Ordinal));
        Assert.Contains(assignedNotices, m => m.Header("To")!.Contains("lixy@example.cn", StringComparison.Ordinal));

        // Monday 2026-03-16, 09:00 China time: the 7-days-before reminder to the unit.
        world.Clock.Set(new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(8)));
        var before = Assert.Single(await DeliverAsync(world, smtp, seen, expectedTotal: 3));
        Assert.Contains("【待办提醒】", before.Subject, StringComparison.Ordinal);
        Assert.Contains("jtj@example.gov.cn", before.Header("To"), StringComparison.Ordinal);
        Assert.Contains("三定", before.Subject + before.Body, StringComparison.Ordinal);

        // Wednesday 2026-03-25: overdue — the unit, and copies to its head and the office.
        world.Clock.Set(new DateTimeOffset(2026, 3, 25, 9, 0, 0, TimeSpan.FromHours(8)));
        var overdue = await DeliverAsync(world, smtp, seen, expectedTotal: 6);
        Assert.Equal(3, overdue.Count);
        Assert.All(overdue, m => Assert.Contains("逾期", m.Subject, StringComparison.Ordinal));
        var recipients = string.Join(",", overdue.Select(m => m.Header("To")));
        Assert.Contains("jtj@example.gov.cn", recipients, StringComparison.Ordinal);
        Assert.Contains("jtj.head@example.gov.cn", recipients, StringComparison.Ordinal);
        Assert.Contains("lgw@example.gov.cn", recipients, StringComparison.Ordinal);

        // Scanning again the same day sends nothing twice; the next working day brings the next round.
        Assert.Empty(await DeliverAsync(world, smtp, seen, expectedTotal: 6));
        world.Clock.Set(new DateTimeOffset(2026, 3, 26, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(3, (await DeliverAsync(world, smtp, seen, expectedTotal: 9)).Count);

        // Completing the task stops its reminders.
        await world.CompleteAsync(suggestion.Id, "plan", ScenarioWorld.Unit("jtj"), new { handlerName = "刘经办", plan = "分步实施。", plannedCompletionOn = "2026-05-20" });
        world.Clock.Set(new DateTimeOffset(2026, 3, 27, 9, 0, 0, TimeSpan.FromHours(8)));
        var after = await DeliverAsync(world, smtp, seen, expectedTotal: null);
        Assert.DoesNotContain(after, m => m.Subject.Contains("三定", StringComparison.Ordinal));
    }

    /// <summary>Fires due timers, scans for reminders, sends the outbox over SMTP; returns the messages not seen before.</summary>
    private static async Task<List<MimeMessageReader>> DeliverAsync(ScenarioWorld world, AiosmtpdServer smtp, HashSet<string> seen, int? expectedTotal)
    {
        await world.Engine.FireDueJobsAsync();
        using var scope = world.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ReminderScanner>().ScanAsync();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var raw = expectedTotal is { } count ? await smtp.WaitForMessagesAsync(count) : smtp.Messages();
        if (expectedTotal is { } exact)
        {
            await Task.Delay(300);
            Assert.Equal(exact, smtp.Messages().Count);
        }
        return [.. raw.Where(seen.Add).Select(m => new MimeMessageReader(m))];
    }
}
