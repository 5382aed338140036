using System.Globalization;

namespace SupervisionFlow.Web.Domain.Calendar;

/// <summary>
/// China Standard Time (UTC+8, <c>Asia/Shanghai</c>) conversions. Deadlines are dates; a deadline date ends at
/// 23:59:59 local time, the instant stored on tasks and timers.
/// </summary>
public static class ChinaTime
{
    /// <summary>The China Standard Time zone; a fixed UTC+8 zone when the system has no time-zone data.</summary>
    public static TimeZoneInfo Zone { get; } = FindZone();

    /// <summary>The date in China at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Today's date in China by <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOf(clock.GetUtcNow());
    }

    /// <summary>The last second of <paramref name="date"/> in China: 2026-10-08 → 2026-10-08T23:59:59+08:00.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The first instant of <paramref name="date"/> in China.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>ISO 8601 with offset, e.g. <c>2026-10-08T23:59:59+08:00</c>: what <c>camunda:dueDate</c> and <c>timeDate</c> accept.</summary>
    public static string ToIso(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a date given as <c>2026-07-01</c> or as an ISO 8601 date-time; a date-time with an offset (or Z) is
    /// converted to China time first; one without an offset is UTC, as everywhere in the engine (its timers and
    /// Jint's dates run in UTC).
    /// </summary>
    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }
        if (!char.IsDigit(text[0])
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }
        date = DateOf(parsed);
        return true;
    }

    /// <summary>The China date of a CLR date-time; <see cref="DateTimeKind.Unspecified"/> counts as UTC, like the engine's dates.</summary>
    public static DateOnly DateOf(DateTime value) =>
        DateOf(new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)));

    // China has kept UTC+8 without daylight saving since 1991, so the fixed zone is exact for every date we handle.
    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
