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
        await InsertAsync(db, variables, cancellationToken);
        await InsertAsync(db, activities, cancellationToken);
        foreach (var entry in variables.Concat(activities))
        {
            entry.State = EntityState.Detached;
        }
        return variables.Count + activities.Count;
    }

    private static async Task InsertAsync(DbContext db, List<EntityEntry> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = RowStatements.For(rows[0].Metadata, sql);
        // A key the database generates (the variable history's identity) is left out, as EF leaves it out.
        var columns = table.Generated is { } generated && rows[0].Property(generated.Property.Name).IsTemporary
            ? [.. table.Columns.Where(c => c != generated)]
            : table.Columns;
        if (db.Database.ProviderName == SqliteRowsAsJson.Provider && SqliteRowsAsJson.CanWrite(columns))
        {
            foreach (var slice in rows.Chunk(SqliteRowsAsJson.RowsPerStatement))
            {
                await SqliteRowsAsJson.InsertAsync(db, table, columns, slice, cancellationToken);
            }
            return;
        }
        var head = $"INSERT INTO {table.Table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
        await using var factory = db.Database.GetDbConnection().CreateCommand();
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
                    var name = sql.GenerateParameterName($"h{parameters.Count}");
                    parameters.Add(column.Mapping.CreateParameter(factory, name, slice[row].Property(column.Property.Name).CurrentValue, column.Property.IsNullable));
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder($"h{parameters.Count - 1}"));
                }
                text.Append(')');
            }
            await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, cancellationToken);
        }
    }
}
