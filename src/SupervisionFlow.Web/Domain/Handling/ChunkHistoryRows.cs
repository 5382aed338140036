using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>
/// Writes the history rows a 交办会 chunk added — every variable set (11 of the 交办 form and 18 copied into the
/// handling instance per line) and every activity that started and ended — with multi-row INSERTs inside the chunk's
/// transaction, before the chunk's save: EF Core on SQLite sends each added row as a statement of its own, 37 per line.
/// The rows are the same (same columns, values converted by the same type mappings EF uses, in the order EF would
/// insert them); they commit or roll back with the chunk. Only rows nothing later in the command changes are taken:
/// variable history is written once and never updated; an activity row still open is left to EF (it is updated when
/// the activity ends).
/// </summary>
public static class ChunkHistoryRows
{
    // SQLite allows 32,766 parameters per statement, PostgreSQL 65,535: 100 rows of at most 12 columns stay far below.
    private const int RowsPerStatement = 100;

    /// <summary>Writes the added history rows of <paramref name="db"/> and stops tracking them; returns how many.</summary>
    public static async Task<int> WriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var variables = db.ChangeTracker.Entries<HistoryVariableRecord>()
            .Where(e => e.State == EntityState.Added)
            .OrderBy(e => e.Property(h => h.Id).CurrentValue) // temporary keys rise as rows are added: the order EF inserts them in
            .Cast<EntityEntry>().ToList();
        var activities = db.ChangeTracker.Entries<HistoryActivityRecord>()
            .Where(e => e.State == EntityState.Added && e.Entity.EndedAt is not null)
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
        var entityType = rows[0].Metadata;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        // A key the database generates (the variable history's identity) is left out, as EF leaves it out.
        var columns = entityType.GetProperties()
            .Where(p => !(p.ValueGenerated == ValueGenerated.OnAdd && rows[0].Property(p.Name).IsTemporary))
            .Select(p => (Property: p, Column: p.GetColumnName(table)!))
            .ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES ";
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        foreach (var slice in rows.Chunk(RowsPerStatement))
        {
            var text = new StringBuilder(head);
            var parameters = new List<DbParameter>(slice.Length * columns.Count);
            for (var row = 0; row < slice.Length; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var (property, _) = columns[c];
                    var name = sql.GenerateParameterName($"h{parameters.Count}");
                    var mapping = (RelationalTypeMapping)property.GetTypeMapping();
                    parameters.Add(mapping.CreateParameter(factory, name, slice[row].Property(property.Name).CurrentValue, property.IsNullable));
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder($"h{parameters.Count - 1}"));
                }
                text.Append(')');
            }
            await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, cancellationToken);
        }
    }
}
