using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Tests.Notifications.NotificationsTestData;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>The reminder policy on the real 2026 calendar (workflows/calendars/2026.json).</summary>
public sealed class ReminderPlannerTests
{
    private static readonly ReminderPolicy Policy = new([7, 1], SendAt: new TimeOnly(8, 0));

    private static ReminderTask Task(DateTimeOffset created, DateTimeOffset? due, params string[] groups) =>
        new("t1", created.UtcDateTime, due?.UtcDateTime, groups.Length == 0 ? ["unit:jtj"] : groups);

    private static IReadOnlyList<PlannedReminder> Plan(ReminderTask task, DateTimeOffset now, ReminderPolicy? policy = null) =>
        ReminderPlanner.Plan(task, now, policy ?? Policy, HolidayCalendar.IsWorkingDay);

    [Fact]
    public void BeforeDue_SevenAndOneDayBefore_DueFromEightChinaTimeOnThoseDays()
    {
        // Due Friday 2026-03-20 (end of day, China time); 03-13 and 03-19 are plain working days.
        var task = Task(China(2026, 3, 2, 9), China(2026, 3, 20, 23, 59, 59));

        Assert.Empty(Plan(task, China(2026, 3, 13, 7, 59)));
        var seven = Assert.Single(Plan(task, China(2026, 3, 13, 8, 0)));
        Assert.Equal("reminder:t1:before:7", seven.DedupKey);
        Assert.Equal(ReminderKind.BeforeDue, seven.Kind);
        Assert.Equal(7, seven.DaysLeft);
        Assert.Equal(new DateOnly(2026, 3, 20), seven.DueOn);

        // Until the 1-day moment the 7-day reminder stays the due one (the outbox keeps it from going out twice).
        Assert.Equal("reminder:t1:before:7", Assert.Single(Plan(task, China(2026, 3, 19, 7, 0))).DedupKey);
        var one = Assert.Single(Plan(task, China(2026, 3, 19, 8, 0)));
        Assert.Equal("reminder:t1:before:1", one.DedupKey);
        Assert.Equal(1, one.DaysLeft);
    }

    [Fact]
    public void BeforeDue_OffsetDayIsRestDay_MovesToWorkingDayBefore()
    {
        // Due Monday 2026-10-12. 1 day before is Sunday 10-11 (rest) → Saturday 10-10, a swapped working day (调休).
        // 7 days before is Monday 10-05, inside the National Day holiday → back to Wednesday 09-30.
        var task = Task(China(2026, 9, 1, 9), China(2026, 10, 12, 23, 59, 59));

        Assert.Empty(Plan(task, China(2026, 9, 30, 7, 59)));
        var seven = Assert.Single(Plan(task, China(2026, 9, 30, 8, 0)));
        Assert.Equal("reminder:t1:before:7", seven.DedupKey);
        Assert.Equal(12, seven.DaysLeft);

        Assert.Equal("reminder:t1:before:7", Assert.Single(Plan(task, China(2026, 10, 9, 18, 0))).DedupKey);
        var one = Assert.Single(Plan(task, China(2026, 10, 10, 8, 0)));
        Assert.Equal("reminder:t1:before:1", one.DedupKey);
        Assert.Equal(2, one.DaysLeft);
    }

    [Fact]
    public void BeforeDue_OffsetPassedBeforeTaskExisted_IsSkipped()
    {
        // Created 2026-03-05 for Monday 03-09: the 7-day moment (03-02) was before the task existed.
        var task = Task(China(2026, 3, 5, 10), China(2026, 3, 9, 23, 59, 59));

        Assert.Empty(Plan(task, China(2026, 3, 5, 12)));
        // 1 day before is Sunday 03-08 → Friday 03-06.
        var one = Assert.Single(Plan(task, China(2026, 3, 6, 8, 30)));
        Assert.Equal("reminder:t1:before:1", one.DedupKey);
        Assert.Equal(3, one.DaysLeft);
    }

    [Fact]
    public void BeforeDue_SeveralOffsetsPassed_OnlyNearestToDeadline()
    {
        // After downtime (or a first scan) with both moments passed: the 1-day reminder, not both.
        var task = Task(China(2026, 3, 2, 7), China(2026, 3, 20, 23, 59, 59));

        var plan = Assert.Single(Plan(task, China(2026, 3, 20, 9)));
        Assert.Equal("reminder:t1:before:1", plan.DedupKey);
        Assert.Equal(0, plan.DaysLeft);
    }

    [Fact]
    public void Overdue_OverNationalDayHoliday_OneReminderPerWorkingDayOnly()
    {
        // Due Wednesday 2026-09-30. 10-01..10-07 are the National Day holiday, 10-10 (Saturday) is worked, 10-11 is not.
        var task = Task(China(2026, 9, 1, 9), China(2026, 9, 30, 23, 59, 59));

        var sentOn = new List<string>();
        for (var day = new DateOnly(2026, 10, 1); day <= new DateOnly(2026, 10, 13); day = day.AddDays(1))
        {
            foreach (var hour in new[] { 7, 9, 17 })
            {
                var plans = Plan(task, China(day.Year, day.Month, day.Day, hour));
                sentOn.AddRange(plans.Where(p => p.Audience == ReminderAudience.Task).Select(p => p.DedupKey));
            }
        }

        Assert.Equal(
            [
                "reminder:t1:overdue:2026-10-08", "reminder:t1:overdue:2026-10-08",
                "reminder:t1:overdue:2026-10-09", "reminder:t1:overdue:2026-10-09",
                "reminder:t1:overdue:2026-10-10", "reminder:t1:overdue:2026-10-10",
                "reminder:t1:overdue:2026-10-12", "reminder:t1:overdue:2026-10-12",
                "reminder:t1:overdue:2026-10-13", "reminder:t1:overdue:2026-10-13",
            ],
            sentOn);
        var first = Plan(task, China(2026, 10, 8, 9)).First();
        Assert.Equal(8, first.DaysOverdue);
    }

    [Fact]
    public void Overdue_UnitTask_CopiesToUnitHeadAndOffice()
    {
        var task = Task(China(2026, 3, 2, 9), China(2026, 3, 9, 23, 59, 59), "unit:jtj", "unit:cz");

        var plans = Plan(task, China(2026, 3, 10, 8, 15));

        Assert.Equal(3, plans.Count);
        Assert.Equal(("reminder:t1:overdue:2026-03-10", ReminderAudience.Task), (plans[0].DedupKey, plans[0].Audience));
        Assert.Equal(["unit:jtj", "unit:cz"], plans[0].Groups);
        Assert.Equal(("reminder:t1:overdue:2026-03-10:head", ReminderAudience.UnitHead), (plans[1].DedupKey, plans[1].Audience));
        Assert.Equal(["unitHead:jtj", "unitHead:cz"], plans[1].Groups);
        Assert.Equal(("reminder:t1:overdue:2026-03-10:office", ReminderAudience.Office), (plans[2].DedupKey, plans[2].Audience));
        Assert.Equal(["office"], plans[2].Groups);
        Assert.Equal(1, plans[0].DaysOverdue);
    }

    [Fact]
    public void Overdue_OfficeOrDeputyTask_NoDuplicateOfficeCopyAndNoHead()
    {
        var officeTask = Task(China(2026, 3, 2, 9), China(2026, 3, 9, 23, 59, 59), "office");
        var deputyTask = Task(China(2026, 3, 2, 9), China(2026, 3, 9, 23, 59, 59), "deputy:3");

        Assert.Equal([ReminderAudience.Task], Plan(officeTask, China(2026, 3, 10, 9)).Select(p => p.Audience));
        Assert.Equal([ReminderAudience.Task, ReminderAudience.Office], Plan(deputyTask, China(2026, 3, 10, 9)).Select(p => p.Audience));
    }

    [Fact]
    public void Overdue_DeadlineDuringTheDay_RemindsFromTheDeadlineOn()
    {
        // Due Tuesday 2026-03-10 at 10:00 China time.
        var task = Task(China(2026, 3, 9, 9), China(2026, 3, 10, 10, 0));

        Assert.DoesNotContain(Plan(task, China(2026, 3, 10, 9, 59)), p => p.Kind == ReminderKind.Overdue);
        var overdue = Plan(task, China(2026, 3, 10, 10, 1));
        Assert.Equal("reminder:t1:overdue:2026-03-10", overdue[0].DedupKey);
        Assert.Equal(0, overdue[0].DaysOverdue);
    }

    [Fact]
    public void Plan_NoDueDateOrOverdueRemindersOff_Nothing()
    {
        Assert.Empty(Plan(Task(China(2026, 3, 2, 9), null), China(2026, 3, 10, 9)));

        var overdueTask = Task(China(2026, 3, 2, 9), China(2026, 3, 9, 23, 59, 59));
        Assert.Empty(Plan(overdueTask, China(2026, 3, 10, 9), Policy with { OverdueEveryWorkingDay = false }));
        Assert.Single(Plan(overdueTask, China(2026, 3, 10, 9), Policy with { NotifyUnitHeadWhenOverdue = false, NotifyOfficeWhenOverdue = false }));
    }
}
