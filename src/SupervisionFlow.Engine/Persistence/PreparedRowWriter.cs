using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// Writes the rows an engine command changed with statements prepared once per connection and run again with new
/// values — on SQLite, where the engine keeps its command connections open (<see cref="Execution.CommandSessions"/>).
/// EF Core's <c>SaveChanges</c> builds its batch anew for every command, and Microsoft.Data.Sqlite prepares every
/// statement of it again, because EF's commands live for one save; those two were a third of a task completion's CPU.
/// The writer does what that save does for the engine's tables: deletes (dependent rows first), inserts (principal rows
/// first; a database-generated key read back and set on the entry), updates of the modified columns only; each update or
/// delete must match exactly one row by key and concurrency token (an instance's revision), or the command fails with
/// <see cref="DbUpdateConcurrencyException"/> as EF's would. Each statement is stepped on the connection's own handle
/// (<see cref="RawSqliteStatement"/>: bound by position, no data reader per run) where its column types allow, else run
/// as a prepared command.
/// </summary>
internal sealed class PreparedRowWriter(DbContext db) : IDisposable
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    // The engine has nine tables: a list searched by reference beats hashing metadata objects once per row (their hash
    // codes took the runtime's slow path in the timer sweep's profile).
    private readonly List<TableStatements> _tables = [];

    /// <summary>True when every changed row of the context is an engine row (a domain command's rows go through EF).</summary>
    public static bool CanWrite(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity.GetType().Assembly != typeof(PreparedRowWriter).Assembly)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// <c>DetectChanges</c> for what this writer writes: every tracked row read from the database, and every new row with
    /// navigations (a task's candidates may join it after it was added). New rows without navigations — the history
    /// rows, most rows of a timer batch — are skipped: the writer inserts their values as they are when it writes, and EF's
    /// scan of them (their keys compared, a closure allocated per key property) was a sixth of the batch's allocations.
    /// </summary>
    public void DetectChanges()
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Modified
                || (entry.State == EntityState.Added && TableOf(entry.Metadata).HasNavigations))
            {
                entry.DetectChanges();
            }
        }
    }

    /// <summary>Writes every change of the context inside <paramref name="transaction"/>; the caller commits and then accepts the changes.</summary>
    public void Write(DbTransaction transaction)
    {
        var deleted = new List<(TableStatements Table, EntityEntry Entry)>();
        var added = new List<(TableStatements Table, EntityEntry Entry)>();
        var modified = new List<(TableStatements Table, EntityEntry Entry)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            var list = entry.State switch
            {
                EntityState.Deleted => deleted,
                EntityState.Added => added,
                EntityState.Modified => modified,
                _ => null,
            };
            list?.Add((TableOf(entry.Metadata), entry));
        }
        foreach (var (table, entry) in deleted.OrderBy(d => d.Table.Statements.IsDependent ? 0 : 1))
        {
            RunExpectingOneRow(Prepare(table, 'D', 0, transaction), entry);
        }
        foreach (var (table, entry) in added.OrderBy(a => a.Table.Statements.IsDependent ? 1 : 0).ThenBy(a => a.Table.Statements.Table, StringComparer.Ordinal)
                     .ThenBy(a => InsertOrder(a.Table.Statements, a.Entry)))
        {
            Insert(table, entry, transaction);
        }
        foreach (var (table, entry) in modified)
        {
            var columns = ModifiedColumns(table.Statements, entry);
            if (columns != 0)
            {
                RunExpectingOneRow(Prepare(table, 'U', columns, transaction), entry);
            }
        }
    }

    public void Dispose()
    {
        foreach (var statement in _tables.SelectMany(t => t.Prepared))
        {
            statement.Dispose();
        }
        _tables.Clear();
    }

    private TableStatements TableOf(IEntityType entityType)
    {
        foreach (var table in _tables)
        {
            if (ReferenceEquals(table.Statements.EntityType, entityType))
            {
                return table;
            }
        }
        var added = new TableStatements(RowStatements.For(entityType, _sql));
        _tables.Add(added);
        return added;
    }

    // Rows with a generated key get it in insertion order: EF inserts them in the order their temporary keys rose (a
    // variable's history is read back in that order); other rows by key, as EF sorts them.
    private static IComparable InsertOrder(RowStatements table, EntityEntry entry) =>
        table.Generated is { } generated
            ? (IComparable)(entry.Property(generated.Property).CurrentValue ?? 0L)
            : (string)(table.Keys[0].ProviderValue(entry) is string key ? key : "");

    private void Insert(TableStatements table, EntityEntry entry, DbTransaction transaction)
    {
        var generated = table.Statements.GeneratesKey(entry);
        var statement = Prepare(table, 'I', generated ? 1UL : 0UL, transaction);
        Bind(statement, entry);
        if (!generated)
        {
            statement.Execute();
            return;
        }
        var generatedKey = table.Statements.Generated!.Property;
        var key = entry.Property(generatedKey);
        key.CurrentValue = Convert.ChangeType(statement.ExecuteScalar(), generatedKey.ClrType, System.Globalization.CultureInfo.InvariantCulture);
        key.IsTemporary = false;
    }

    private static void RunExpectingOneRow(PreparedStatement statement, EntityEntry entry)
    {
        Bind(statement, entry);
        var rows = statement.Execute();
        if (rows != 1)
        {
            throw new DbUpdateConcurrencyException(
                $"The {entry.State.ToString().ToLowerInvariant()} of a {entry.Metadata.ClrType.Name} row expected to affect 1 row but affected {rows}: another command changed it.");
        }
    }

    private static void Bind(PreparedStatement statement, EntityEntry entry)
    {
        for (var i = 0; i < statement.Columns.Length; i++)
        {
            var column = statement.Columns[i];
            // Keys and tokens in a WHERE clause match the values the row was read with.
            var original = i >= statement.FirstWhereParameter && column.Property.IsConcurrencyToken;
            statement.Bind(i, column.ProviderValue(entry, original));
        }
    }

    private static ulong ModifiedColumns(RowStatements table, EntityEntry entry)
    {
        ulong columns = 0;
        foreach (var column in table.Columns)
        {
            if (!column.Property.IsPrimaryKey() && entry.Property(column.Property).IsModified)
            {
                columns |= 1UL << column.Index;
            }
        }
        return columns;
    }

    private PreparedStatement Prepare(TableStatements table, char kind, ulong columns, DbTransaction transaction)
    {
        if (!table.ByShape.TryGetValue((kind, columns), out var statement))
        {
            var (text, parameters) = kind switch
            {
                'I' => table.Statements.Insert(omitGenerated: columns != 0),
                'U' => table.Statements.Update(columns),
                _ => table.Statements.Delete(),
            };
            var connection = db.Database.GetDbConnection();
            var rawStatement = RawSqliteStatement.TryPrepare(
                connection, text, [.. parameters.Select((c, i) => (_sql.GenerateParameterNamePlaceholder($"p{i}"), c.ProviderClrType))]);
            DbCommand? command = null;
            if (rawStatement is null)
            {
                command = connection.CreateCommand();
                command.CommandText = text;
                RowStatements.AddParameters(command, _sql, parameters);
            }
            var firstWhere = kind switch
            {
                'I' => parameters.Length,
                'U' => System.Numerics.BitOperations.PopCount(columns),
                _ => 0,
            };
            statement = new PreparedStatement(rawStatement, command, parameters, firstWhere);
            table.ByShape[(kind, columns)] = statement;
        }
        if (statement.Command is { } prepared)
        {
            prepared.Transaction = transaction;
        }
        return statement;
    }

    /// <summary>A statement of one shape: stepped on the connection's handle where it can be, else a prepared command.</summary>
    private sealed record PreparedStatement(RawSqliteStatement? Raw, DbCommand? Command, RowColumn[] Columns, int FirstWhereParameter) : IDisposable
    {
        public void Bind(int index, object value)
        {
            if (Raw is not null)
            {
                Raw.Bind(index, value);
            }
            else
            {
                Command!.Parameters[index].Value = value;
            }
        }

        public int Execute() => Raw?.Execute() ?? Command!.ExecuteNonQuery();

        public object? ExecuteScalar() => Raw is not null ? Raw.ExecuteReturningInt64() : Command!.ExecuteScalar();

        public void Dispose()
        {
            Raw?.Dispose();
            Command?.Dispose();
        }
    }

    /// <summary>One table's statement texts and its prepared statements by shape (kind, and the columns an update sets).</summary>
    private sealed class TableStatements(RowStatements statements)
    {
        public RowStatements Statements { get; } = statements;

        public Dictionary<(char Kind, ulong Columns), PreparedStatement> ByShape { get; } = [];

        public bool HasNavigations { get; } = statements.EntityType.GetNavigations().Any() || statements.EntityType.GetSkipNavigations().Any();

        public IEnumerable<PreparedStatement> Prepared => ByShape.Values;
    }
}
