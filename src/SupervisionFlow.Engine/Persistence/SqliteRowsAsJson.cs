using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// Many rows of one table in one SQLite statement with one parameter: <c>INSERT … SELECT value ->> 0, … FROM
/// json_each(@rows)</c>. A multi-row <c>VALUES</c> list costs SQLite a long statement to prepare on every call, and
/// Microsoft.Data.Sqlite binds each of its parameters by name, a search through all of them: for 100 rows of 12
/// columns the binding alone was a quarter of a 交办会's notice batch. The values are written as Microsoft.Data.Sqlite
/// binds them (dates as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text, booleans as 0/1, …), so the stored rows are the
/// same as EF Core's; <c>ORDER BY key</c> keeps the order EF would insert them in (identity values rise with it).
/// </summary>
internal static class SqliteRowsAsJson
{
    /// <summary>Rows per statement: the JSON text grows with it, nothing else does.</summary>
    public const int RowsPerStatement = 500;

    private static readonly HashSet<Type> Written =
    [
        typeof(string), typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(double), typeof(float), typeof(DateTime), typeof(DateTimeOffset), typeof(decimal), typeof(Guid),
        typeof(TimeSpan), typeof(char),
    ];

    /// <summary>False when a column's stored type is one this writer does not render (a blob): the caller binds parameters.</summary>
    public static bool CanWrite(RowColumn[] columns) =>
        columns.All(c => Written.Contains(Nullable.GetUnderlyingType(c.ProviderClrType) ?? c.ProviderClrType));

    public static async Task InsertAsync(DbContext db, RowStatements table, RowColumn[] columns, EntityEntry[] rows, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("INSERT INTO ").Append(table.Table).Append(" (")
            .AppendJoin(", ", columns.Select(c => c.Name)).Append(") SELECT ")
            .AppendJoin(", ", columns.Select((_, i) => $"value ->> {i}"))
            .Append(" FROM json_each(@rows) ORDER BY key").ToString();
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        var parameter = factory.CreateParameter();
        parameter.ParameterName = "@rows";
        parameter.DbType = System.Data.DbType.String;
        parameter.Value = Json(columns, rows);
        await db.Database.ExecuteSqlRawAsync(text, [parameter], cancellationToken);
    }

    private static string Json(RowColumn[] columns, EntityEntry[] rows)
    {
        var buffer = new ArrayBufferWriter<byte>(rows.Length * columns.Length * 24);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                foreach (var column in columns)
                {
                    WriteValue(writer, column.ProviderValue(row));
                }
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // As Microsoft.Data.Sqlite's binder renders each type into a TEXT, INTEGER or REAL value.
    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case DBNull:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteNumberValue(flag ? 1 : 0);
                break;
            case DateTime or DateTimeOffset or decimal or Guid or TimeSpan or char:
                writer.WriteStringValue(SqliteStoredText.Of(value));
                break;
            case double or float:
                writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case ulong large:
                writer.WriteNumberValue(unchecked((long)large));
                break;
            default:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
