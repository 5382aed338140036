using System.Globalization;
using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>Dates and times as the pages show them: China time, ISO order.</summary>
public static class Formats
{
    public static string ChinaDateTime(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), ChinaTime.Zone)
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string ChinaDateTime(DateTime? utc) => utc is { } value ? ChinaDateTime(value) : "";

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
