using System.Globalization;
using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Notifications;

/// <summary>The reminder policy (<c>Notifications:Reminders</c>) as the planner needs it.</summary>
public sealed record ReminderPolicy(
    IReadOnlyList<int> DaysBefore,
    bool OverdueEveryWorkingDay = true,
    TimeOnly SendAt = default,
    bool NotifyUnitHeadWhenOverdue = true,
    bool NotifyOfficeWhenOverdue = true)
{
    public static ReminderPolicy From(NotificationsOptions.ReminderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.EffectiveDaysBefore, settings.OverdueEveryWorkingDay, settings.SendAtTime,
            settings.NotifyUnitHeadWhenOverdue, settings.NotifyOfficeWhenOverdue);
    }
}

/// <summary>An open user task as far as reminders care. Times are UTC.</summary>
public sealed record ReminderTask(string TaskId, DateTime CreatedAt, DateTime? DueAt, IReadOnlyList<string> CandidateGroups);

public enum ReminderKind
{
    BeforeDue,
    Overdue,
}

/// <summary>Who a reminder is for: the task's own people, or a copy of an overdue reminder to the unit head or the office.</summary>
public enum ReminderAudience
{
    Task,
    UnitHead,
    Office,
}

/// <summary>One reminder that is due now; <see cref="DedupKey"/> says which, so it is written once.</summary>
public sealed record PlannedReminder(
    string TaskId,
    string DedupKey,
    ReminderKind Kind,
    ReminderAudience Audience,
    IReadOnlyList<string> Groups,
    DateOnly DueOn,
    int? DaysBefore,
    DateOnly Today)
{
    /// <summary>Calendar days from today (China time) to the due date; 0 on the due date.</summary>
    public int DaysLeft => DueOn.DayNumber - Today.DayNumber;

    /// <summary>Calendar days past the due date; 0 when the deadline passed today.</summary>
    public int DaysOverdue => Math.Max(0, Today.DayNumber - DueOn.DayNumber);
}

/// <summary>
/// Decides which reminders are due for a task at a moment. Pure: no clock, no database; what was already sent is
/// the outbox's business (the dedup keys). Dates are China dates (deadlines end at 23:59:59 China time).
/// </summary>
/// <remarks>
/// <para>Before the due date: an offset of <c>n</c> days is due from <c>SendAt</c> (08:00 by default) on the day
/// <c>n</c> days before the due date; an offset day that is not a working day moves to the working day before it,
/// since a reminder nobody reads before the deadline is no reminder. An offset whose moment passed before the task
/// existed is skipped, and of several due offsets only the nearest to the deadline is sent (after downtime or for a
/// task created late, the 1-day reminder alone, not the 7-day one too). Key <c>reminder:{taskId}:before:{n}</c>.</para>
/// <para>Overdue: one reminder on each working day (from <c>SendAt</c>, or from the deadline itself when it passed
/// later that day) while the task stays open, key <c>reminder:{taskId}:overdue:{yyyy-MM-dd}</c>; copies to the
/// head of each unit in the task's groups (<c>…:head</c>, group <c>unitHead:{id}</c>) and to the office (<c>…:office</c>)
/// unless those already are the task's own candidates. Days without a reminder are not made up.</para>
/// </remarks>
public static class ReminderPlanner
{
    public static IReadOnlyList<PlannedReminder> Plan(
        ReminderTask task, DateTimeOffset now, ReminderPolicy policy, Func<DateOnly, bool> isWorkingDay)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(isWorkingDay);
        if (task.DueAt is not { } dueAtUtc)
        {
            return [];
        }
        var due = new DateTimeOffset(DateTime.SpecifyKind(dueAtUtc, DateTimeKind.Utc));
        var created = new DateTimeOffset(DateTime.SpecifyKind(task.CreatedAt, DateTimeKind.Utc));
        var dueOn = ChinaTime.DateOf(due);
        var today = ChinaTime.DateOf(now);
        return now < due
            ? PlanBeforeDue(task, now, policy, isWorkingDay, due, created, dueOn, today)
            : PlanOverdue(task, now, policy, isWorkingDay, due, dueOn, today);
    }

    private static List<PlannedReminder> PlanBeforeDue(
        ReminderTask task, DateTimeOffset now, ReminderPolicy policy, Func<DateOnly, bool> isWorkingDay,
        DateTimeOffset due, DateTimeOffset created, DateOnly dueOn, DateOnly today)
    {
        int? nearest = null;
        foreach (var days in policy.DaysBefore.Distinct())
        {
            var day = PreviousWorkingDayOnOrBefore(dueOn.AddDays(-days), isWorkingDay);
            var moment = At(day, policy.SendAt);
            if (moment >= due || moment > now || moment < created)
            {
                continue;
            }
            if (nearest is null || days < nearest)
            {
                nearest = days;
            }
        }
        if (nearest is not { } chosen)
        {
            return [];
        }
        var key = string.Create(CultureInfo.InvariantCulture, $"reminder:{task.TaskId}:before:{chosen}");
        return [new PlannedReminder(task.TaskId, key, ReminderKind.BeforeDue, ReminderAudience.Task, task.CandidateGroups, dueOn, chosen, today)];
    }

    private static List<PlannedReminder> PlanOverdue(
        ReminderTask task, DateTimeOffset now, ReminderPolicy policy, Func<DateOnly, bool> isWorkingDay,
        DateTimeOffset due, DateOnly dueOn, DateOnly today)
    {
        if (!policy.OverdueEveryWorkingDay || !isWorkingDay(today))
        {
            return [];
        }
        var sendFrom = At(today, policy.SendAt);
        if (now < (sendFrom > due ? sendFrom : due))
        {
            return [];
        }
        var key = $"reminder:{task.TaskId}:overdue:{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var groups = task.CandidateGroups;
        var plans = new List<PlannedReminder>
        {
            new(task.TaskId, key, ReminderKind.Overdue, ReminderAudience.Task, groups, dueOn, null, today),
        };
        if (policy.NotifyUnitHeadWhenOverdue)
        {
            var heads = groups
                .Where(g => g.StartsWith(RecipientDirectory.UnitPrefix, StringComparison.Ordinal))
                .Select(g => RecipientDirectory.UnitHeadPrefix + g[RecipientDirectory.UnitPrefix.Length..])
                .Where(g => !groups.Contains(g, StringComparer.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (heads.Count > 0)
            {
                plans.Add(new(task.TaskId, key + ":head", ReminderKind.Overdue, ReminderAudience.UnitHead, heads, dueOn, null, today));
            }
        }
        if (policy.NotifyOfficeWhenOverdue && !groups.Contains(RecipientDirectory.OfficeGroup, StringComparer.Ordinal))
        {
            plans.Add(new(task.TaskId, key + ":office", ReminderKind.Overdue, ReminderAudience.Office,
                [RecipientDirectory.OfficeGroup], dueOn, null, today));
        }
        return plans;
    }

    // Bounded: the longest run of rest days in a year (春节 with its weekends) is well under a month.
    private static DateOnly PreviousWorkingDayOnOrBefore(DateOnly day, Func<DateOnly, bool> isWorkingDay)
    {
        for (var candidate = day; candidate > day.AddDays(-31); candidate = candidate.AddDays(-1))
        {
            if (isWorkingDay(candidate))
            {
                return candidate;
            }
        }
        return day;
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) => ChinaTime.StartOfDay(day) + time.ToTimeSpan();
}
