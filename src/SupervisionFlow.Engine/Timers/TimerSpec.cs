using System.Globalization;

namespace SupervisionFlow.Engine.Timers;

/// <summary>Which BPMN timer definition element a timer uses.</summary>
public enum TimerKind
{
    Date,
    Duration,
    Cycle,
}

/// <summary>A <c>timerEventDefinition</c>: the kind and its text (ISO 8601 or a <c>${…}</c> expression).</summary>
public sealed record TimerSpec(TimerKind Kind, string Text);

/// <summary>
/// A resolved timer: when it is first due, and for cycles the period and how many more times it fires
/// (<c>R3/P7D</c> fires three times; <c>R/P1D</c> without end, stored as -1).
/// </summary>
public sealed record TimerSchedule(DateTimeOffset DueAt, IsoDuration? Period, int RemainingRepeats)
{
    /// <summary>
    /// Parses a timer text at <paramref name="now"/>. Returns null with <paramref name="error"/> set when the text
    /// is not a supported ISO 8601 date, duration or repeating interval.
    /// </summary>
    public static TimerSchedule? TryResolve(TimerKind kind, string text, DateTimeOffset now, out string? error)
    {
        error = null;
        text = text.Trim();
        switch (kind)
        {
            case TimerKind.Date:
                if (TryParseDate(text, out var date))
                {
                    return new TimerSchedule(date, null, 0);
                }
                error = $"timeDate '{text}' is not an ISO 8601 date-time (e.g. 2026-12-01T09:00:00+08:00)";
                return null;
            case TimerKind.Duration:
                if (IsoDuration.TryParse(text, out var duration))
                {
                    return new TimerSchedule(duration.AddTo(now), null, 0);
                }
                error = $"timeDuration '{text}' is not an ISO 8601 duration (e.g. P3M, P10D, PT1H)";
                return null;
            default:
                return TryResolveCycle(text, now, out error);
        }
    }

    public static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date)
        && text.Length >= 10 && char.IsDigit(text[0]);

    private static TimerSchedule? TryResolveCycle(string text, DateTimeOffset now, out string? error)
    {
        error = null;
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || !parts[0].StartsWith('R'))
        {
            error = $"timeCycle '{text}' is not an ISO 8601 repeating interval (e.g. R3/P7D, R/P1D, R/2026-01-01T09:00:00Z/P1D); cron cycles are not supported";
            return null;
        }
        var repeats = -1;
        if (parts[0].Length > 1 && (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out repeats) || repeats < 1))
        {
            error = $"timeCycle '{text}': the repeat count after R must be a positive number";
            return null;
        }
        var start = now;
        var periodText = parts[1];
        if (parts.Length == 3)
        {
            if (!TryParseDate(parts[1], out start))
            {
                error = $"timeCycle '{text}': '{parts[1]}' is not an ISO 8601 date-time";
                return null;
            }
            periodText = parts[2];
        }
        if (!IsoDuration.TryParse(periodText, out var period) || period.IsZero)
        {
            error = $"timeCycle '{text}': '{periodText}' is not a non-zero ISO 8601 duration";
            return null;
        }
        var first = parts.Length == 3 ? start : period.AddTo(start);
        return new TimerSchedule(first, period, repeats);
    }
}
