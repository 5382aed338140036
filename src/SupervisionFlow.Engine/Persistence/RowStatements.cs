using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// The statement texts of one engine table, written from the EF model — table and column names, the keys, the
/// concurrency token, the type mappings and value converters — so a row written by <see cref="PreparedRowWriter"/> is
/// stored exactly as EF Core's own statements would store it.
/// </summary>
internal sealed class RowStatements
{
    // Built once per table of a model: the writer, the reads and the claim of every kept connection share them.
    private static readonly ConditionalWeakTable<IEntityType, RowStatements> Built = [];

    private readonly ISqlGenerationHelper _sql;

    private RowStatements(IEntityType entityType, ISqlGenerationHelper sql)
    {
        _sql = sql;
        EntityType = entityType;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        Table = sql.DelimitIdentifier(table.Name, table.Schema);
        Columns = [.. entityType.GetProperties().Select((p, i) => new RowColumn(p, i, sql.DelimitIdentifier(p.GetColumnName(table)!)))];
        Keys = [.. Columns.Where(c => c.Property.IsPrimaryKey())];
        Tokens = [.. Columns.Where(c => c.Property.IsConcurrencyToken && !c.Property.IsPrimaryKey())];
        Generated = Columns.FirstOrDefault(c => c.Property.IsPrimaryKey() && c.Property.ValueGenerated.HasFlag(ValueGenerated.OnAdd));
        // Rows that depend on another table's rows (a task's candidates) are deleted before and inserted after it.
        IsDependent = entityType.GetForeignKeys().Any();
    }

    /// <summary>The statements of <paramref name="entityType"/>'s table (the SQL helper is the provider's, one per model).</summary>
    public static RowStatements For(IEntityType entityType, ISqlGenerationHelper sql) =>
        Built.GetValue(entityType, type => new RowStatements(type, sql));

    public IEntityType EntityType { get; }

    public string Table { get; }

    public RowColumn[] Columns { get; }

    public RowColumn[] Keys { get; }

    /// <summary>Concurrency tokens (an instance's revision): updates and deletes match their original value.</summary>
    public RowColumn[] Tokens { get; }

    /// <summary>A key the database generates (identity): left out of the insert and read back with <c>RETURNING</c>.</summary>
    public RowColumn? Generated { get; }

    public bool IsDependent { get; }

    /// <summary>The column of a property, e.g. <c>Column(nameof(JobRecord.DueAt))</c>.</summary>
    public RowColumn Column(string property) => Columns.Single(c => c.Property.Name == property);

    /// <summary>
    /// True when the database is to generate <paramref name="entry"/>'s key (an identity with EF's temporary value):
    /// the insert leaves the key out, as EF leaves it out, and reads it back.
    /// </summary>
    public bool GeneratesKey(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        Generated is { } generated && entry.Property(generated.Property).IsTemporary;

    /// <summary>The columns an insert writes: all, or all but the generated key.</summary>
    public RowColumn[] InsertColumns(bool omitGenerated) => omitGenerated ? [.. Columns.Where(c => c != Generated)] : Columns;

    /// <summary>INSERT of every column but a generated key when <paramref name="omitGenerated"/>.</summary>
    public (string Text, RowColumn[] Parameters) Insert(bool omitGenerated)
    {
        var columns = InsertColumns(omitGenerated);
        var text = new StringBuilder("INSERT INTO ").Append(Table).Append(" (")
            .AppendJoin(", ", columns.Select(c => c.Name)).Append(") VALUES (")
            .AppendJoin(", ", columns.Select((_, i) => Placeholder(i))).Append(')');
        if (omitGenerated)
        {
            text.Append(" RETURNING ").Append(Generated!.Name);
        }
        return (text.ToString(), columns);
    }

    /// <summary>UPDATE of the columns in <paramref name="modified"/> (a bit per column index), matched by key and token.</summary>
    public (string Text, RowColumn[] Parameters) Update(ulong modified)
    {
        var set = Columns.Where(c => (modified & (1UL << c.Index)) != 0).ToArray();
        var text = new StringBuilder("UPDATE ").Append(Table).Append(" SET ")
            .AppendJoin(", ", set.Select((c, i) => $"{c.Name} = {Placeholder(i)}"));
        return (AppendWhere(text, set.Length), [.. set, .. Keys, .. Tokens]);
    }

    /// <summary>DELETE matched by key and token.</summary>
    public (string Text, RowColumn[] Parameters) Delete() =>
        (AppendWhere(new StringBuilder("DELETE FROM ").Append(Table), 0), [.. Keys, .. Tokens]);

    private string AppendWhere(StringBuilder text, int firstParameter)
    {
        text.Append(" WHERE ")
            .AppendJoin(" AND ", Keys.Concat(Tokens).Select((c, i) => $"{c.Name} = {Placeholder(firstParameter + i)}"));
        return text.ToString();
    }

    private string Placeholder(int index) => _sql.GenerateParameterNamePlaceholder($"p{index}");

    /// <summary>A parameter for each column, made by the column's type mapping (DbType, converter) as EF Core makes them.</summary>
    public static void AddParameters(DbCommand command, ISqlGenerationHelper sql, RowColumn[] columns)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(columns[i].Mapping.CreateParameter(command, sql.GenerateParameterName($"p{i}"), null, columns[i].Property.IsNullable));
        }
    }
}

/// <summary>One mapped column: its property, its index in the table's column list, its quoted name and type mapping.</summary>
internal sealed class RowColumn(IProperty property, int index, string name)
{
    private readonly IClrPropertyGetter? _getter = property.IsShadowProperty() ? null : property.GetGetter();

    // The converter's delegates, read once: reading the converter's property per value was a measurable share of a
    // timer batch's save.
    private readonly Func<object?, object?>? _toProvider = ((RelationalTypeMapping)property.GetTypeMapping()).Converter?.ConvertToProvider;
    private readonly Func<object?, object?>? _fromProvider = ((RelationalTypeMapping)property.GetTypeMapping()).Converter?.ConvertFromProvider;

    public IProperty Property { get; } = property;

    public int Index { get; } = index;

    public string Name { get; } = name;

    public RelationalTypeMapping Mapping { get; } = (RelationalTypeMapping)property.GetTypeMapping();

    /// <summary>The CLR type a reader hands back for this column (the converter's provider type, if any).</summary>
    public Type ProviderClrType { get; } = ((RelationalTypeMapping)property.GetTypeMapping()).Converter?.ProviderClrType
                                           ?? ((RelationalTypeMapping)property.GetTypeMapping()).ClrType;

    /// <summary>The value the database stores for the entry's current value (converted as EF Core converts it).</summary>
    public object ProviderValue(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, bool original = false) =>
        ToProvider(original ? entry.OriginalValues[Property]
            : _getter is not null ? _getter.GetClrValue(entry.Entity) : entry.CurrentValues[Property]);

    /// <summary>A property value as the database stores it; null as <see cref="DBNull"/>.</summary>
    public object ToProvider(object? value) => (value is not null && _toProvider is not null ? _toProvider(value) : value) ?? DBNull.Value;

    /// <summary>A value read from the database as the property holds it.</summary>
    public object? FromProvider(object? value) => value is not null && _fromProvider is not null ? _fromProvider(value) : value;
}
