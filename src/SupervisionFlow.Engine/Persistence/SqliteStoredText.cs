using System.Globalization;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// The text Microsoft.Data.Sqlite stores for the values it binds as TEXT beyond plain strings (dates, decimals, …), so
/// rows written past its parameters — as JSON (<see cref="SqliteRowsAsJson"/>) or bound on the handle
/// (<see cref="RawSqliteStatement"/>) — are stored exactly as EF Core stores them.
/// </summary>
internal static class SqliteStoredText
{
    /// <summary>The stored text of <paramref name="value"/>; null when it is not one of these types.</summary>
    public static string? Of(object value) => value switch
    {
        DateTime dateTime => dateTime.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        decimal number => number.ToString("0.0###########################", CultureInfo.InvariantCulture),
        Guid guid => guid.ToString().ToUpperInvariant(),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        char character => character.ToString(),
        _ => null,
    };
}
