using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>
/// Describes a database's tables, columns, keys and indexes as sorted lines, so two schemas compare with
/// <c>Assert.Equal</c> and a difference reads as the line that differs. EF's own history tables are left out.
/// </summary>
internal static class SchemaReader
{
    public static async Task<List<string>> ReadAsync(DbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var lines = db.Database.IsSqlite() ? await ReadSqliteAsync(connection) : await ReadPostgresAsync(connection);
            lines.Sort(StringComparer.Ordinal);
            return lines;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\'");
        foreach (var table in tables.Select(t => t[0]))
        {
            lines.Add($"table {table}");
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info('{table}')"))
            {
                lines.Add($"column {table}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]} default={c[4]}");
            }
            foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                lines.Add($"index {table}.{i[0]} unique={i[1]} origin={i[2]} ({string.Join(", ", columns.Select(c => c[0]))})");
            }
            foreach (var f in await QueryAsync(connection, $"SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                lines.Add($"foreign key {table}.{f[0]} -> {f[1]}.{f[2]} on delete {f[3]}");
            }
            var autoincrement = await QueryAsync(connection, $"SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_master WHERE name = '{table}'");
            lines.Add($"autoincrement {table} {autoincrement[0][0]}");
        }
        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, is_identity, identity_generation, column_default
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
            """))
        {
            lines.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]}) nullable={c[4]} identity={c[5]} {c[6]} default={c[7]}");
        }
        foreach (var i in await QueryAsync(connection,
                     "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_EF%'"))
        {
            lines.Add($"index {i[0]}.{i[1]} {i[2]}");
        }
        foreach (var k in await QueryAsync(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '%\_\_EF%'
            """))
        {
            lines.Add($"constraint {k[0]}.{k[1]} {k[2]}");
        }
        return lines;
    }

    private static async Task<List<string?[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }
            rows.Add(row);
        }
        return rows;
    }
}
