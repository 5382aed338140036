using System.Globalization;

namespace SupervisionFlow.Web.Domain.Calendar;

/// <summary>
/// A date falls in a year for which no holiday data is loaded. An <see cref="ArgumentOutOfRangeException"/> so
/// that callers treating bad arguments (e.g. the expression evaluator) report it as a failed expression.
/// </summary>
public sealed class CalendarOutOfRangeException : ArgumentOutOfRangeException
{
    public CalendarOutOfRangeException(DateOnly date, IReadOnlyList<int> knownYears, string directory)
        : base(Describe(date, knownYears, directory), (Exception?)null)
    {
        Date = date;
        KnownYears = knownYears;
        CalendarDirectory = directory;
    }

    public DateOnly Date { get; }

    public IReadOnlyList<int> KnownYears { get; }

    public string CalendarDirectory { get; }

    private static string Describe(DateOnly date, IReadOnlyList<int> knownYears, string directory)
    {
        var known = knownYears.Count == 0 ? "none" : string.Join(", ", knownYears);
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"工作日历没有 {date.Year} 年的节假日数据（{day}）：请按国务院办公厅的放假通知在 {directory} 中添加 {date.Year}.json。"
               + $" / The working calendar has no holiday data for {date.Year} (date {day}; known years: {known}):"
               + $" add {date.Year}.json to {directory} from the State Council's holiday notice.";
    }
}

/// <summary>A calendar file is missing, unreadable or malformed; the message names the file and the problem.</summary>
public sealed class CalendarDataException(string message, Exception? inner = null) : Exception(message, inner);
