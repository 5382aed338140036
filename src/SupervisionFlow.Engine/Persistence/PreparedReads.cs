using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SupervisionFlow.Engine.Execution;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// The reads an engine command alone makes most — a completion's task and instance, a timer batch's instances and their
/// jobs — through statements prepared once per kept SQLite connection (<see cref="Execution.CommandSessions"/>), the rows
/// attached to the context as a tracking query attaches them (a row the context already tracks wins). EF Core's queries
/// run its command pipeline and have Microsoft.Data.Sqlite prepare the statement again on every call: a fifth of a
/// completion and a quarter of a timer batch once the writes were prepared.
/// </summary>
internal sealed class PreparedReads(DbContext db) : IDisposable
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();
    private readonly RowMaterializer _task = new(db, typeof(UserTaskRecord));
    private readonly RowMaterializer _instance = new(db, typeof(ProcessInstanceRecord));
    private readonly RowMaterializer _job = new(db, typeof(JobRecord));
    private DbCommand? _taskWithInstance;
    private DbCommand? _instancesById;
    private DbCommand? _jobsByInstance;

    /// <summary>The task and its instance, tracked; null when no such task is open.</summary>
    public TaskAndInstance? TaskWithInstance(string taskId)
    {
        var command = _taskWithInstance ??= Prepare(
            $"SELECT {Select("t", _task)}, {Select("i", _instance)} FROM {_task.Statements.Table} AS t " +
            $"INNER JOIN {_instance.Statements.Table} AS i ON t.{Column(_task, nameof(UserTaskRecord.ProcessInstanceId))} = i.{Column(_instance, nameof(ProcessInstanceRecord.Id))} " +
            $"WHERE t.{Column(_task, nameof(UserTaskRecord.Id))} = {_sql.GenerateParameterNamePlaceholder("p0")} LIMIT 1");
        command.Parameters[0].Value = taskId;
        UserTaskRecord task;
        ProcessInstanceRecord instance;
        using (var reader = Execute(command))
        {
            if (!reader.Read())
            {
                return null;
            }
            task = (UserTaskRecord)_task.Create(reader, 0);
            instance = (ProcessInstanceRecord)_instance.Create(reader, _task.Columns.Length);
        }
        return new TaskAndInstance(Track(task, task.Id), Track(instance, instance.Id));
    }

    /// <summary>The instances with these ids, tracked.</summary>
    public List<ProcessInstanceRecord> Instances(IReadOnlyCollection<string> ids) =>
        Many<ProcessInstanceRecord>(_instancesById ??= PrepareIn(_instance, nameof(ProcessInstanceRecord.Id)), _instance, ids, i => i.Id);

    /// <summary>Every job of these instances, tracked.</summary>
    public List<JobRecord> JobsOf(IReadOnlyCollection<string> instanceIds) =>
        Many<JobRecord>(_jobsByInstance ??= PrepareIn(_job, nameof(JobRecord.ProcessInstanceId)), _job, instanceIds, j => j.Id);

    public void Dispose()
    {
        _taskWithInstance?.Dispose();
        _instancesById?.Dispose();
        _jobsByInstance?.Dispose();
    }

    private List<T> Many<T>(DbCommand command, RowMaterializer rows, IReadOnlyCollection<string> keys, Func<T, string> id)
        where T : class
    {
        // One parameter for any number of keys (a JSON array read by json_each, as EF Core sends a collection), so the
        // statement stays the same and stays prepared.
        command.Parameters[0].Value = System.Text.Json.JsonSerializer.Serialize(keys);
        var found = new List<T>();
        using (var reader = Execute(command))
        {
            while (reader.Read())
            {
                found.Add((T)rows.Create(reader, 0));
            }
        }
        for (var i = 0; i < found.Count; i++)
        {
            found[i] = Track(found[i], id(found[i]));
        }
        return found;
    }

    private T Track<T>(T row, string id)
        where T : class
    {
        if (db.Set<T>().Local.FindEntry(id)?.Entity is { } tracked)
        {
            return tracked;
        }
        // The row's own entry only: Attach walks the entity graph (closures per row) for navigations these rows leave empty.
        db.Entry(row).State = EntityState.Unchanged;
        return row;
    }

    private DbDataReader Execute(DbCommand command)
    {
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command.ExecuteReader();
    }

    private DbCommand PrepareIn(RowMaterializer rows, string property) =>
        Prepare($"SELECT {Select("r", rows)} FROM {rows.Statements.Table} AS r " +
                $"WHERE r.{Column(rows, property)} IN (SELECT \"value\" FROM json_each({_sql.GenerateParameterNamePlaceholder("p0")}))");

    private DbCommand Prepare(string text)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = text;
        var parameter = command.CreateParameter();
        parameter.ParameterName = _sql.GenerateParameterName("p0");
        command.Parameters.Add(parameter);
        return command;
    }

    private static string Select(string alias, RowMaterializer rows) => string.Join(", ", rows.Columns.Select(c => $"{alias}.{c.Name}"));

    private static string Column(RowMaterializer rows, string property) => rows.Statements.Column(property).Name;
}

/// <summary>Builds an entity of one engine table from a reader's columns, converting each value as EF Core would.</summary>
internal sealed class RowMaterializer
{
    private readonly Func<object> _create;
    private readonly Action<object, object?>[] _setters;

    // How each column is read, decided once: resolving the column's type per value (Nullable.GetUnderlyingType is
    // reflection) was a tenth of a timer batch's reads.
    private readonly Func<DbDataReader, int, object>[] _readers;

    public RowMaterializer(DbContext db, Type type)
    {
        _create = Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(type), typeof(object))).Compile();
        Statements = RowStatements.For(db.Model.FindEntityType(type)!, db.GetService<ISqlGenerationHelper>());
        Columns = Statements.Columns;
        _setters = [.. Columns.Select(c => Setter(type, c.Property.PropertyInfo
                                                       ?? throw new InvalidOperationException($"{type.Name}.{c.Property.Name} is not a CLR property.")))];
        _readers = [.. Columns.Select(c => Reader(c.ProviderClrType))];
    }

    public RowStatements Statements { get; }

    public RowColumn[] Columns { get; }

    public object Create(DbDataReader reader, int firstOrdinal)
    {
        var entity = _create();
        for (var i = 0; i < Columns.Length; i++)
        {
            var ordinal = firstOrdinal + i;
            _setters[i](entity, reader.IsDBNull(ordinal) ? null : Columns[i].FromProvider(_readers[i](reader, ordinal)));
        }
        return entity;
    }

    private static Func<DbDataReader, int, object> Reader(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? (reader, i) => reader.GetString(i)
            : type == typeof(int) ? (reader, i) => reader.GetInt32(i)
            : type == typeof(long) ? (reader, i) => reader.GetInt64(i)
            : type == typeof(bool) ? (reader, i) => reader.GetBoolean(i)
            : type == typeof(DateTime) ? (reader, i) => reader.GetDateTime(i)
            : type == typeof(double) ? (reader, i) => reader.GetDouble(i)
            : type.IsEnum ? (reader, i) => Enum.ToObject(type, reader.GetInt64(i))
            : (reader, i) => reader.GetValue(i);
    }

    private static Action<object, object?> Setter(Type type, PropertyInfo property)
    {
        var entity = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var assign = Expression.Assign(
            Expression.Property(Expression.Convert(entity, type), property),
            Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<object, object?>>(assign, entity, value).Compile();
    }
}
