using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SupervisionFlow.Engine.Execution;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// The read a task completion starts with — the task row and its instance's row — through one statement prepared once
/// per kept SQLite connection (<see cref="Execution.CommandSessions"/>), the rows attached to the context as a tracking
/// query would attach them. EF Core's compiled query runs its command pipeline and has Microsoft.Data.Sqlite prepare the
/// statement again on every call; it was a fifth of a completion once the writes were prepared.
/// </summary>
internal sealed class PreparedTaskRead(DbContext db) : IDisposable
{
    private readonly RowMaterializer _task = new(db, typeof(UserTaskRecord));
    private readonly RowMaterializer _instance = new(db, typeof(ProcessInstanceRecord));
    private DbCommand? _command;

    /// <summary>The task and its instance, tracked; null when no such task is open.</summary>
    public TaskAndInstance? Read(string taskId)
    {
        var command = _command ??= Prepare();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.Parameters[0].Value = taskId;
        UserTaskRecord task;
        ProcessInstanceRecord instance;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }
            task = (UserTaskRecord)_task.Create(reader, 0);
            instance = (ProcessInstanceRecord)_instance.Create(reader, _task.Columns.Length);
        }
        // A row this context already tracks wins, as in a tracking query (identity resolution).
        var trackedInstance = db.Set<ProcessInstanceRecord>().Local.FindEntry(instance.Id)?.Entity;
        db.Attach(task);
        if (trackedInstance is null)
        {
            db.Attach(instance);
        }
        return new TaskAndInstance(task, trackedInstance ?? instance);
    }

    public void Dispose() => _command?.Dispose();

    private DbCommand Prepare()
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        var key = _instance.Statements.Keys[0].Name;
        var taskInstance = _task.Statements.Columns.Single(c => c.Property.Name == nameof(UserTaskRecord.ProcessInstanceId)).Name;
        var taskKey = _task.Statements.Keys[0].Name;
        command.CommandText =
            $"SELECT {string.Join(", ", _task.Columns.Select(c => "t." + c.Name).Concat(_instance.Columns.Select(c => "i." + c.Name)))} " +
            $"FROM {_task.Statements.Table} AS t INNER JOIN {_instance.Statements.Table} AS i ON t.{taskInstance} = i.{key} " +
            $"WHERE t.{taskKey} = {sql.GenerateParameterNamePlaceholder("p0")} LIMIT 1";
        var parameter = command.CreateParameter();
        parameter.ParameterName = sql.GenerateParameterName("p0");
        command.Parameters.Add(parameter);
        return command;
    }
}

/// <summary>Builds an entity of one engine table from a reader's columns, converting each value as EF Core would.</summary>
internal sealed class RowMaterializer
{
    private readonly Type _type;
    private readonly Action<object, object?>[] _setters;

    public RowMaterializer(DbContext db, Type type)
    {
        _type = type;
        Statements = new RowStatements(db.Model.FindEntityType(type)!, db.GetService<ISqlGenerationHelper>());
        Columns = Statements.Columns;
        _setters = [.. Columns.Select(c => Setter(type, c.Property.PropertyInfo
                                                       ?? throw new InvalidOperationException($"{type.Name}.{c.Property.Name} is not a CLR property.")))];
    }

    public RowStatements Statements { get; }

    public RowColumn[] Columns { get; }

    public object Create(DbDataReader reader, int firstOrdinal)
    {
        var entity = Activator.CreateInstance(_type)!;
        for (var i = 0; i < Columns.Length; i++)
        {
            var column = Columns[i];
            var value = ReadValue(reader, firstOrdinal + i, column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType);
            if (value is not null && column.Mapping.Converter is { } converter)
            {
                value = converter.ConvertFromProvider(value);
            }
            _setters[i](entity, value);
        }
        return entity;
    }

    private static object? ReadValue(DbDataReader reader, int ordinal, Type type)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? reader.GetString(ordinal)
            : type == typeof(int) ? reader.GetInt32(ordinal)
            : type == typeof(long) ? reader.GetInt64(ordinal)
            : type == typeof(bool) ? reader.GetBoolean(ordinal)
            : type == typeof(DateTime) ? reader.GetDateTime(ordinal)
            : type == typeof(double) ? reader.GetDouble(ordinal)
            : type.IsEnum ? Enum.ToObject(type, reader.GetInt64(ordinal))
            : reader.GetValue(ordinal);
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
