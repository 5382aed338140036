using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// One write statement prepared on a SQLite connection's own handle, its values bound by position and the statement
/// stepped directly. Through a <see cref="SqliteCommand"/> every run binds each parameter by name (SQLite searches the
/// statement's names for each one), allocates a binder per value and a data reader per run: a tenth of a timer batch
/// and of a completion. Values are bound as Microsoft.Data.Sqlite binds them (dates as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>
/// text, booleans as 0/1, …), so the rows stored are the ones EF Core stores. Runs only inside a transaction the
/// connection began (the write lock is held, so a step never meets SQLITE_BUSY); reset after every run.
/// </summary>
internal sealed class RawSqliteStatement : IDisposable
{
    private static readonly HashSet<Type> Bound =
    [
        typeof(string), typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(double), typeof(float), typeof(DateTime), typeof(DateTimeOffset), typeof(decimal),
        typeof(TimeSpan), typeof(char), typeof(byte[]),
    ];

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    // The statement's position of each parameter by the caller's index, looked up by name once.
    private readonly int[] _positions;

    private RawSqliteStatement(sqlite3 db, sqlite3_stmt statement, int[] positions)
    {
        _db = db;
        _statement = statement;
        _positions = positions;
    }

    /// <summary>
    /// The statement prepared on <paramref name="connection"/>'s handle; null when the connection is not an open SQLite
    /// one or a column's stored type is one this binder does not render (the caller keeps its command then).
    /// </summary>
    public static RawSqliteStatement? TryPrepare(System.Data.Common.DbConnection connection, string sql, IReadOnlyList<(string Name, Type ProviderType)> parameters)
    {
        if (connection is not SqliteConnection { Handle: { } db }
            || !parameters.All(p => Bound.Contains(Nullable.GetUnderlyingType(p.ProviderType) ?? p.ProviderType)))
        {
            return null;
        }
        Check(db, raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement, out _));
        var positions = parameters.Select(p => raw.sqlite3_bind_parameter_index(statement, p.Name)).ToArray();
        if (positions.Any(p => p == 0) || raw.sqlite3_bind_parameter_count(statement) != positions.Length)
        {
            statement.Dispose();
            throw new InvalidOperationException($"The statement's parameters are not the ones given: {sql}");
        }
        return new RawSqliteStatement(db, statement, positions);
    }

    /// <summary>Binds <paramref name="value"/> (a provider value; <see cref="DBNull"/> for null) to the caller's parameter <paramref name="index"/>.</summary>
    public void Bind(int index, object value)
    {
        var position = _positions[index];
        var rc = value switch
        {
            DBNull => raw.sqlite3_bind_null(_statement, position),
            string text => raw.sqlite3_bind_text(_statement, position, text),
            bool flag => raw.sqlite3_bind_int64(_statement, position, flag ? 1 : 0),
            DateTime or DateTimeOffset or decimal or TimeSpan or char => raw.sqlite3_bind_text(_statement, position, SqliteStoredText.Of(value)),
            double or float => raw.sqlite3_bind_double(_statement, position, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            byte[] blob => raw.sqlite3_bind_blob(_statement, position, blob),
            ulong large => raw.sqlite3_bind_int64(_statement, position, unchecked((long)large)),
            _ => raw.sqlite3_bind_int64(_statement, position, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        };
        Check(_db, rc);
    }

    /// <summary>Runs the statement; returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }
            Check(_db, rc);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs an insert with <c>RETURNING</c> of one integer column (a generated key); returns it.</summary>
    public long ExecuteReturningInt64()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_ROW)
            {
                Check(_db, rc);
                throw new InvalidOperationException("An insert with RETURNING returned no row.");
            }
            var value = raw.sqlite3_column_int64(_statement, 0);
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }
            Check(_db, rc);
            return value;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private static void Check(sqlite3 db, int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW)
        {
            return;
        }
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
    }
}
