using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// Writes the history rows a command added — variables set and activities started — with multi-row INSERTs inside the
/// command's transaction, just before its <c>SaveChanges</c>, when it added many (a 交办会 chunk: 11 variables of the
/// 交办 form per line; its notice batch: 18 variables copied into each handling instance and its activities; a timer
/// batch: an activity row per timer): EF Core on SQLite sends each added row as a statement of its own. The rows are
/// the same (same columns, values converted by the type mappings EF uses, in the order EF would insert them) and
/// commit or roll back with the command. At save time nothing in the command changes them any more; a later command
/// on the same context that ends such an activity updates it by key (<c>WaitRowStore.EndActivity</c>).
/// </summary>
internal static class BulkHistoryRows
{
    // SQLite allows 32,766 parameters per statement, PostgreSQL 65,535: 100 rows of at most 12 columns stay far below.
    private const int RowsPerStatement = 100;

    /// <summary>
    /// Below this many added rows EF's own inserts are as cheap (a completion adds two or three). A filing's process start
    /// adds ~11: at 8 its statements fell from 23 to 14 and the seed tool's intake rose 9% (1,000 suggestions).
    /// </summary>
    public const int MinimumRows = 8;

    /// <summary>The added history rows of <paramref name="db"/>.</summary>
    public static int CountAdded(DbContext db)
    {
        var count = 0;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added && entry.Entity is HistoryVariableRecord or HistoryActivityRecord)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Writes the added history rows of <paramref name="db"/> and stops tracking them; returns how many.</summary>
    public static async Task<int> WriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        var variables = db.ChangeTracker.Entries<HistoryVariableRecord>()
            .Where(e => e.State == EntityState.Added)
            .OrderBy(e => e.Property(h => h.Id).CurrentValue) // temporary keys rise as rows are added: the order EF inserts them in
            .Cast<EntityEntry>().ToList();
        var activities = db.ChangeTracker.Entries<HistoryActivityRecord>()
            .Where(e => e.State == EntityState.Added)
            .OrderBy(e => e.Entity.Id, StringComparer.Ordinal)
            .Cast<EntityEntry>().ToList();
        var statements = new List<(string Text, List<DbParameter> Parameters)>();
        await using (var factory = db.Database.GetDbConnection().CreateCommand())
        {
            foreach (var rows in new[] { variables, activities })
            {
                if (!await InsertJsonAsync(db, rows, cancellationToken))
                {
                    AddValues(db, rows, statements, factory);
                }
            }
            if (DatabaseKinds.IsNpgsql(db) && statements.Count > 0)
            {
                // Npgsql sends a command's statements in one round trip (each statement its own parameter limit).
                statements = [(string.Join(";\n", statements.Select(st => st.Text)), [.. statements.SelectMany(st => st.Parameters)])];
            }
            foreach (var (text, parameters) in statements)
            {
                await db.Database.ExecuteSqlRawAsync(text, parameters, cancellationToken);
            }
        }
        foreach (var entry in variables.Concat(activities))
        {
            entry.State = EntityState.Detached;
        }
        return variables.Count + activities.Count;
    }

    /// <summary>On SQLite, <paramref name="rows"/> as JSON (<see cref="SqliteRowsAsJson"/>); false where that does not apply.</summary>
    private static async Task<bool> InsertJsonAsync(DbContext db, List<EntityEntry> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0 || !DatabaseKinds.IsSqlite(db))
        {
            return rows.Count == 0;
        }
        var table = RowStatements.For(rows[0].Metadata, db.GetService<ISqlGenerationHelper>());
        var columns = table.InsertColumns(table.GeneratesKey(rows[0]));
        if (!SqliteRowsAsJson.CanWrite(columns))
        {
            return false;
        }
        foreach (var slice in rows.Chunk(SqliteRowsAsJson.RowsPerStatement))
        {
            await SqliteRowsAsJson.InsertAsync(db, table, columns, slice, cancellationToken);
        }
        return true;
    }

    /// <summary>Multi-row INSERT statements of <paramref name="rows"/>, their parameters named apart from all before them.</summary>
    private static void AddValues(DbContext db, List<EntityEntry> rows, List<(string Text, List<DbParameter> Parameters)> statements, DbCommand factory)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = RowStatements.For(rows[0].Metadata, sql);
        var columns = table.InsertColumns(table.GeneratesKey(rows[0]));
        var head = $"INSERT INTO {table.Table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
        var named = statements.Sum(st => st.Parameters.Count);
        foreach (var slice in rows.Chunk(RowsPerStatement))
        {
            var text = new StringBuilder(head);
            var parameters = new List<DbParameter>(slice.Length * columns.Length);
            for (var row = 0; row < slice.Length; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var column = columns[c];
                    var name = $"h{named++}";
                    parameters.Add(column.Mapping.CreateParameter(factory, sql.GenerateParameterName(name), slice[row].Property(column.Property.Name).CurrentValue, column.Property.IsNullable));
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                }
                text.Append(')');
            }
            statements.Add((text.ToString(), parameters));
        }
    }
}
