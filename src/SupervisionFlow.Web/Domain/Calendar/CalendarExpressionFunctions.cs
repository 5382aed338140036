using System.Globalization;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Web.Domain.Profile;

namespace SupervisionFlow.Web.Domain.Calendar;

/// <summary>
/// Date functions for BPMN <c>${…}</c> expressions, so due dates and timers follow the holiday calendar and the
/// jurisdiction profile:
/// <code>
/// camunda:dueDate="${deadline('reply', assignedAt)}"      → 2026-10-08T23:59:59+08:00
/// &lt;timeDate&gt;${addWorkingDays(today(), 7)}&lt;/timeDate&gt;
/// </code>
/// Dates go in as <c>2026-07-01</c>, as an ISO 8601 date-time (its date in China is used) or as a JavaScript Date.
/// Every function except <c>today()</c> returns the end of the resulting day in China, an ISO 8601 string that
/// <c>camunda:dueDate</c> and <c>timeDate</c> accept directly and that the functions accept again as input.
/// </summary>
public static class CalendarExpressionFunctions
{
    public static void Register(ExpressionFunctions functions, WorkingCalendar calendar, HandlingProfile profile, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(clock);

        // Jint 4 (as 2.10 did) passes JavaScript numbers as double, strings as string, Dates as DateTime and null, undefined or a
        // missing argument as null. Parameters are object so that each of these gets a clear message here: a double
        // parameter would turn a missing count into 0 and make Jint throw on null.
        functions.Register("addWorkingDays", new Func<object?, object?, string>((date, n) =>
            End(calendar.AddWorkingDays(ParseDate("addWorkingDays", date), Count("addWorkingDays", n)))));
        functions.Register("addMonths", new Func<object?, object?, string>((date, n) =>
            End(calendar.AddMonths(ParseDate("addMonths", date), Count("addMonths", n)))));
        functions.Register("addDays", new Func<object?, object?, string>((date, n) =>
            End(calendar.AddDays(ParseDate("addDays", date), Count("addDays", n)))));
        functions.Register("today", new Func<string>(() =>
            ChinaTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        functions.Register("deadline", new Func<object?, object?, string>((name, from) =>
            End(profile.Compute(DeadlineName(name), ParseDate("deadline", from), calendar))));
    }

    private static string End(DateOnly date) => ChinaTime.ToIso(ChinaTime.EndOfDay(date));

    private static DateOnly ParseDate(string function, object? value) => value switch
    {
        string text when ChinaTime.TryParseDate(text, out var date) => date,
        DateTime dateTime => ChinaTime.DateOf(dateTime),
        DateTimeOffset instant => ChinaTime.DateOf(instant),
        null => throw new ArgumentException($"{function}: the date is missing (null or undefined)"),
        _ => throw new ArgumentException(
            $"{function}: '{Convert.ToString(value, CultureInfo.InvariantCulture)}' is not a date; write 2026-07-01 or an ISO 8601 date-time"),
    };

    private static int Count(string function, object? value)
    {
        var number = value switch
        {
            double d => d,
            int i => i,
            // Form values often arrive as text ("10").
            string text when double.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            null => throw new ArgumentException($"{function}: the count (second argument) is missing"),
            _ => double.NaN,
        };
        if (double.IsNaN(number) || number < 0 || number > 100_000 || Math.Floor(number) != number)
        {
            throw new ArgumentException(
                $"{function}: the count must be a whole number from 0, not '{Convert.ToString(value, CultureInfo.InvariantCulture)}'");
        }
        return (int)number;
    }

    private static string DeadlineName(object? name) => name is string { Length: > 0 } text
        ? text
        : throw new ArgumentException(
            $"deadline: the first argument names the deadline, one of: {string.Join(", ", HandlingProfile.DeadlineNames)}");
}
