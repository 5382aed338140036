using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Tests.Domain.Calendars;

public class WorkingCalendarTests
{
    private readonly WorkingCalendar _calendar = RealCalendar.Instance;

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void RealData_CoversShippedYears()
    {
        Assert.Equal([2025, 2026, 2027], _calendar.Years);
        Assert.All(_calendar.YearData, y => Assert.Contains("国务院办公厅", y.Source, StringComparison.Ordinal));
        Assert.Equal([2027], _calendar.YearData.Where(y => y.Provisional).Select(y => y.Year));
    }

    [Theory]
    [InlineData("2026-02-14", true)]   // Saturday worked for 春节
    [InlineData("2026-02-28", true)]   // Saturday worked for 春节
    [InlineData("2026-02-16", false)]  // Monday in 春节
    [InlineData("2026-02-23", false)]  // last day of 春节, a Monday
    [InlineData("2026-02-24", true)]
    [InlineData("2026-01-04", true)]   // Sunday worked for 元旦
    [InlineData("2026-01-03", false)]  // 元旦 on a Saturday
    [InlineData("2026-10-10", true)]   // Saturday worked for 国庆节
    [InlineData("2026-10-11", false)]  // ordinary Sunday
    [InlineData("2026-10-07", false)]  // 国庆节
    [InlineData("2026-09-25", false)]  // 中秋节, a Friday
    [InlineData("2026-09-20", true)]   // Sunday worked for 国庆节
    [InlineData("2026-07-01", true)]   // ordinary Wednesday
    [InlineData("2026-07-04", false)]  // ordinary Saturday
    [InlineData("2025-01-26", true)]   // Sunday worked for 春节 2025
    [InlineData("2025-02-08", true)]   // Saturday worked for 春节 2025
    [InlineData("2025-10-08", false)]  // 国庆节、中秋节 2025
    [InlineData("2025-10-11", true)]   // Saturday worked for 国庆节 2025
    [InlineData("2025-05-31", false)]  // 端午节 2025
    public void IsWorkingDay_RealDates_FollowsStateCouncilSchedule(string date, bool working) =>
        Assert.Equal(working, _calendar.IsWorkingDay(D(date)));

    [Fact]
    public void HolidayName_NationalDay_IsNamed()
    {
        Assert.Equal("国庆节", _calendar.HolidayName(D("2026-10-03")));
        Assert.Null(_calendar.HolidayName(D("2026-10-10")));
    }

    [Fact]
    public void AddWorkingDays_AcrossNationalDay_SkipsHolidayAndCountsSwappedSaturday() =>
        // 9-29, 9-30, 10-8, 10-9, 10-10 (worked Saturday), 10-12 … 10-16.
        Assert.Equal(D("2026-10-16"), _calendar.AddWorkingDays(D("2026-09-28"), 10));

    [Fact]
    public void AddWorkingDays_FromFriday_StartDayNotCounted() =>
        Assert.Equal(D("2026-07-06"), _calendar.AddWorkingDays(D("2026-07-03"), 1));

    [Fact]
    public void AddWorkingDays_AcrossYearEnd_UsesBothYears() =>
        // 2025-12-31 (Wed) → 2026-01-01..03 holiday, 01-04 worked Sunday is the first working day.
        Assert.Equal(D("2026-01-04"), _calendar.AddWorkingDays(D("2025-12-31"), 1));

    [Fact]
    public void AddMonths_EndingOnNationalDay_MovesToNextWorkingDay() =>
        // 民法典 Art. 203: 2026-10-01 is a holiday, the holiday runs to 10-07, 10-08 is a Thursday.
        Assert.Equal(D("2026-10-08"), _calendar.AddMonths(D("2026-07-01"), 3));

    [Fact]
    public void AddMonths_NoSameNumberedDay_EndsOnMonthsLastDay_WhichIsSwappedWorkingSaturday() =>
        // Art. 202: February has no 31st, so the last day is 02-28, a Saturday worked for 春节: it stays.
        Assert.Equal(D("2026-02-28"), _calendar.AddMonths(D("2026-01-31"), 1));

    [Fact]
    public void AddMonths_EndingOnOrdinarySunday_MovesToMonday() =>
        Assert.Equal(D("2026-10-12"), _calendar.AddMonths(D("2026-09-11"), 1));

    [Fact]
    public void AddMonths_EndingOnWorkingDay_IsSameNumberedDay() =>
        Assert.Equal(D("2026-09-15"), _calendar.AddMonths(D("2026-03-15"), 6));

    [Fact]
    public void AddDays_EndingInSpringFestival_MovesPastIt() =>
        // 2026-02-06 + 10 days = 02-16 (春节) → the holiday ends 02-23, so 02-24.
        Assert.Equal(D("2026-02-24"), _calendar.AddDays(D("2026-02-06"), 10));

    [Fact]
    public void NextWorkingDay_BeforeNationalDay_IsFirstDayAfterHoliday() =>
        Assert.Equal(D("2026-10-08"), _calendar.NextWorkingDay(D("2026-09-30")));

    [Fact]
    public void WorkingDaysBetween_IsInverseOfAddWorkingDays()
    {
        Assert.Equal(10, _calendar.WorkingDaysBetween(D("2026-09-28"), D("2026-10-16")));
        Assert.Equal(-10, _calendar.WorkingDaysBetween(D("2026-10-16"), D("2026-09-28")));
        Assert.Equal(0, _calendar.WorkingDaysBetween(D("2026-10-01"), D("2026-10-07")));
    }

    [Theory]
    [InlineData("2028-01-04")]
    [InlineData("2024-12-31")]
    public void IsWorkingDay_YearWithoutData_ThrowsNamingYearAndDirectory(string date)
    {
        var error = Assert.Throws<CalendarOutOfRangeException>(() => _calendar.IsWorkingDay(D(date)));
        Assert.Contains(D(date).Year.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(RealCalendar.Directory, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{D(date).Year}.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMonths_EndInYearWithoutData_Throws() =>
        Assert.Throws<CalendarOutOfRangeException>(() => _calendar.AddMonths(D("2027-11-15"), 3));

    [Fact]
    public void AddWorkingDays_RunningPastLastKnownYear_Throws() =>
        Assert.Throws<CalendarOutOfRangeException>(() => _calendar.AddWorkingDays(D("2027-12-28"), 10));
}
