using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// Every row of every table the host's model maps, as text: two snapshots are equal only when no row was added,
/// removed or changed (a moved due date included), which row counts alone would not show.
/// </summary>
public sealed class DatabaseSnapshot
{
    private DatabaseSnapshot(SortedDictionary<string, List<string>> tables) => Tables = tables;

    /// <summary>Per table, its rows as sorted text.</summary>
    public SortedDictionary<string, List<string>> Tables { get; }

    public static async Task<DatabaseSnapshot> TakeAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var names = db.Model.GetEntityTypes()
            .Select(e => e.GetTableName())
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var tables = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                tables[name] = await ReadRowsAsync(connection, name);
            }
            return new DatabaseSnapshot(tables);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Asserts nothing changed, naming the first table that did and how.</summary>
    public void AssertSameAs(DatabaseSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        Assert.Equal(before.Tables.Keys, Tables.Keys);
        foreach (var (table, rows) in before.Tables)
        {
            var now = Tables[table];
            Assert.True(rows.Count == now.Count, $"{table}: {rows.Count} rows before, {now.Count} after");
            var changed = now.Except(rows, StringComparer.Ordinal).FirstOrDefault();
            Assert.True(changed is null, $"{table} changed: {changed}");
        }
    }

    public int RowCount(string table) => Tables[table].Count;

    private static async Task<List<string>> ReadRowsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            }
            rows.Add(string.Join(" | ", values));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
