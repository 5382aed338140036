using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Tests.Domain.Calendars;

public class ChinaTimeTests
{
    [Fact]
    public void EndOfDay_Date_IsLastSecondAtUtcPlus8()
    {
        var end = ChinaTime.EndOfDay(new DateOnly(2026, 10, 8));

        Assert.Equal(TimeSpan.FromHours(8), end.Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 15, 59, 59, TimeSpan.Zero), end.ToUniversalTime());
        Assert.Equal("2026-10-08T23:59:59+08:00", ChinaTime.ToIso(end));
    }

    [Theory]
    [InlineData("2026-07-01", "2026-07-01")]
    [InlineData("2026-07-01T10:00:00+08:00", "2026-07-01")]
    [InlineData("2026-06-30T16:30:00Z", "2026-07-01")]          // 00:30 on July 1st in China
    [InlineData("2026-06-30T15:59:59Z", "2026-06-30")]
    [InlineData("2026-06-30T20:00:00", "2026-07-01")]           // no offset: UTC, as in the engine
    [InlineData("2026-10-08T23:59:59+08:00", "2026-10-08")]     // a function's own output reads back as its date
    public void TryParseDate_DateOrDateTime_TakesChinaDate(string text, string expected)
    {
        Assert.True(ChinaTime.TryParseDate(text, out var date));
        Assert.Equal(DateOnly.ParseExact(expected, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("2026-13-01")]
    public void TryParseDate_NotADate_IsFalse(string text) => Assert.False(ChinaTime.TryParseDate(text, out _));
}
