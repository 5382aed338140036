using System.Collections.Frozen;

namespace SupervisionFlow.Web.Domain.Calendar;

/// <summary>
/// The working-day calendar of the years the State Council has published: weekends are rest days unless swapped
/// into working days (调休), statutory holidays are rest days. Period arithmetic follows 民法典 Arts. 200–203.
/// Immutable; build it with <see cref="CalendarLoader"/>. A date in a year without data throws
/// <see cref="CalendarOutOfRangeException"/>: guessing "a plain weekday" would silently shift legal deadlines.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly FrozenDictionary<DateOnly, string> _holidays;
    private readonly FrozenDictionary<DateOnly, string> _workingWeekends;
    private readonly FrozenDictionary<int, CalendarYear> _years;
    private readonly IReadOnlyList<int> _yearList;

    public WorkingCalendar(string directory, IEnumerable<CalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        Directory = directory;
        _years = years.ToFrozenDictionary(y => y.Year);
        _yearList = Array.AsReadOnly(_years.Keys.Order().ToArray());
        _holidays = _years.Values
            .SelectMany(y => y.Holidays.SelectMany(h => h.Dates.Select(d => (Date: d, h.Name))))
            .ToFrozenDictionary(x => x.Date, x => x.Name);
        _workingWeekends = _years.Values
            .SelectMany(y => y.WorkingWeekends)
            .ToFrozenDictionary(w => w.Date, w => w.Note ?? "");
    }

    /// <summary>The directory the data came from; named in errors so an administrator knows where to add a year.</summary>
    public string Directory { get; }

    /// <summary>The years with published data, ascending.</summary>
    public IReadOnlyList<int> Years => _yearList;

    public IReadOnlyCollection<CalendarYear> YearData => _years.Values;

    public bool Covers(DateOnly date) => _years.ContainsKey(date.Year);

    /// <summary>True for Monday–Friday that are not holidays, and for swapped working weekends (调休上班).</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        EnsureCovered(date);
        if (_holidays.ContainsKey(date))
        {
            return false;
        }
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || _workingWeekends.ContainsKey(date);
    }

    /// <summary>The holiday's name (e.g. 国庆节) when <paramref name="date"/> is a statutory holiday, otherwise null.</summary>
    public string? HolidayName(DateOnly date)
    {
        EnsureCovered(date);
        return _holidays.GetValueOrDefault(date);
    }

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        var day = date.AddDays(1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }
        return day;
    }

    /// <summary>
    /// The day on which a period of <paramref name="workingDays"/> working days that starts on
    /// <paramref name="start"/> ends: the start day is not counted (民法典 Art. 201), so 1 working day after a Friday
    /// is the next Monday. Zero gives <paramref name="start"/>.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        EnsureCovered(start);
        var day = start;
        for (var counted = 0; counted < workingDays; counted++)
        {
            day = NextWorkingDay(day);
        }
        return day;
    }

    /// <summary>
    /// The last day of a period of <paramref name="months"/> calendar months starting on <paramref name="start"/>:
    /// the same-numbered day of the end month, or its last day when it has none (民法典 Art. 202: 2026-01-31 + 1
    /// month = 2026-02-28); a last day that is a rest day moves to the next working day (Art. 203).
    /// </summary>
    public DateOnly AddMonths(DateOnly start, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        EnsureCovered(start);
        // DateOnly.AddMonths already clamps to the end month's last day, which is Art. 202's rule.
        return OnOrAfterWorkingDay(start.AddMonths(months));
    }

    /// <summary>
    /// The last day of a period of <paramref name="days"/> calendar days (start day not counted, Art. 201); a last
    /// day that is a rest day moves to the next working day (Art. 203).
    /// </summary>
    public DateOnly AddDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        EnsureCovered(start);
        return OnOrAfterWorkingDay(start.AddDays(days));
    }

    /// <summary>
    /// Working days in (<paramref name="from"/>, <paramref name="to"/>]: the start day is not counted, the end day is,
    /// so <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>. Negative when <paramref name="to"/> is earlier.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }
        EnsureCovered(from);
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }
        return count;
    }

    private DateOnly OnOrAfterWorkingDay(DateOnly date) => IsWorkingDay(date) ? date : NextWorkingDay(date);

    private void EnsureCovered(DateOnly date)
    {
        if (!_years.ContainsKey(date.Year))
        {
            throw new CalendarOutOfRangeException(date, Years, Directory);
        }
    }
}

/// <summary>One year's published holiday schedule, as read from <c>workflows/calendars/&lt;year&gt;.json</c>.</summary>
public sealed record CalendarYear(
    int Year, string Source, string File, IReadOnlyList<CalendarHoliday> Holidays, IReadOnlyList<CalendarWorkingWeekend> WorkingWeekends)
{
    /// <summary>Statutory days only, awaiting the year's State Council notice (bridging days and swapped weekends).</summary>
    public bool Provisional { get; init; }
}

/// <summary>A statutory holiday (e.g. 国庆节) and the dates it takes off.</summary>
public sealed record CalendarHoliday(string Name, IReadOnlyList<DateOnly> Dates);

/// <summary>A Saturday or Sunday that is a working day because of a holiday swap (调休).</summary>
public sealed record CalendarWorkingWeekend(DateOnly Date, string? Note);
