using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Domain.Profile;

/// <summary>How a period is counted.</summary>
public enum PeriodUnit
{
    /// <summary>Calendar months (民法典 Art. 202: same-numbered day or the month's last day).</summary>
    CalendarMonths,

    /// <summary>Calendar days.</summary>
    CalendarDays,

    /// <summary>Working days (工作日): no weekends or holidays, swapped working weekends count.</summary>
    WorkingDays,
}

/// <summary>
/// A configured time limit, written in <c>appsettings.json</c> as exactly one of <c>{ "Months": 3 }</c>,
/// <c>{ "Days": 30 }</c> or <c>{ "WorkingDays": 7 }</c>.
/// </summary>
public sealed record Period
{
    /// <summary>For configuration binding; set exactly one of the three amounts.</summary>
    public Period()
    {
    }

    public Period(PeriodUnit unit, int amount)
    {
        switch (unit)
        {
            case PeriodUnit.CalendarMonths:
                Months = amount;
                break;
            case PeriodUnit.CalendarDays:
                Days = amount;
                break;
            case PeriodUnit.WorkingDays:
                WorkingDays = amount;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(unit), unit, "unknown period unit");
        }
    }

    public static Period OfMonths(int months) => new(PeriodUnit.CalendarMonths, months);

    public static Period OfDays(int days) => new(PeriodUnit.CalendarDays, days);

    public static Period OfWorkingDays(int workingDays) => new(PeriodUnit.WorkingDays, workingDays);

    public int? Months { get; init; }

    public int? Days { get; init; }

    public int? WorkingDays { get; init; }

    /// <summary>The unit of the one amount that is set; throws when none or several are (the validator reports that first).</summary>
    public PeriodUnit Unit => Single().Unit;

    public int Amount => Single().Amount;

    /// <summary>True when exactly one of <see cref="Months"/>, <see cref="Days"/>, <see cref="WorkingDays"/> is set.</summary>
    public bool IsWellFormed => (Months.HasValue ? 1 : 0) + (Days.HasValue ? 1 : 0) + (WorkingDays.HasValue ? 1 : 0) == 1;

    /// <summary>The end date of this period starting on <paramref name="start"/> (start day not counted, 民法典 Art. 201).</summary>
    public DateOnly AddTo(DateOnly start, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var (unit, amount) = Single();
        return unit switch
        {
            PeriodUnit.CalendarMonths => calendar.AddMonths(start, amount),
            PeriodUnit.CalendarDays => calendar.AddDays(start, amount),
            _ => calendar.AddWorkingDays(start, amount),
        };
    }

    /// <summary>
    /// True when this period is shorter than <paramref name="other"/> whatever the start date and the year's
    /// holidays: same units compare amounts; different units compare day bounds (a month is 28–31 days, n working
    /// days at least n and, loosely, at most 2n + 10 calendar days).
    /// </summary>
    public bool IsCertainlyShorterThan(Period other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Unit == other.Unit)
        {
            return Amount < other.Amount;
        }
        return DayBounds().Longest < other.DayBounds().Shortest;
    }

    private (int Shortest, int Longest) DayBounds()
    {
        var (unit, amount) = Single();
        return unit switch
        {
            PeriodUnit.CalendarMonths => (amount * 28, amount * 31),
            PeriodUnit.CalendarDays => (amount, amount),
            _ => (amount, (amount * 2) + 10),
        };
    }

    public override string ToString() => IsWellFormed
        ? Unit switch
        {
            PeriodUnit.CalendarMonths => $"{Amount} 个月",
            PeriodUnit.CalendarDays => $"{Amount} 日",
            _ => $"{Amount} 个工作日",
        }
        : "(invalid period)";

    private (PeriodUnit Unit, int Amount) Single()
    {
        if (!IsWellFormed)
        {
            throw new InvalidOperationException("A period sets exactly one of Months, Days or WorkingDays.");
        }
        return Months is { } months ? (PeriodUnit.CalendarMonths, months)
            : Days is { } days ? (PeriodUnit.CalendarDays, days)
            : (PeriodUnit.WorkingDays, WorkingDays!.Value);
    }
}
