using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// A sweep's claim of due timers and service tasks in one statement prepared once per kept SQLite connection: the
/// conditional lock update of the first due, unlocked jobs with <c>RETURNING</c> of the rows it locked. Through EF Core
/// the claim is three statements (the due ids, the conditional update, the read-back by key) on a new context each round;
/// it was a fifth of a timer batch. The rows come back untracked, as the EF claim reads them.
/// </summary>
internal sealed class PreparedJobClaim(DbContext db) : IDisposable
{
    private readonly RowMaterializer _job = new(db, typeof(JobRecord));
    private DbCommand? _command;
    private RowColumn[] _parameters = [];

    /// <summary>Locks up to <paramref name="limit"/> jobs due at <paramref name="now"/> and unlocked (or expired) for <paramref name="owner"/>.</summary>
    public List<JobRecord> Claim(DateTime now, string owner, DateTime lockUntil, int limit)
    {
        var command = _command ??= Prepare();
        command.Transaction = null;
        Bind(command, 0, _parameters[0], owner);
        Bind(command, 1, _parameters[1], lockUntil);
        Bind(command, 2, _parameters[2], now);
        command.Parameters[3].Value = limit;
        var claimed = new List<JobRecord>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                claimed.Add((JobRecord)_job.Create(reader, 0));
            }
        }
        return claimed;
    }

    public void Dispose() => _command?.Dispose();

    private static void Bind(DbCommand command, int index, RowColumn column, object value) =>
        command.Parameters[index].Value = column.Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;

    private DbCommand Prepare()
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Name(string property) => _job.Columns.Single(c => c.Property.Name == property).Name;
        RowColumn Column(string property) => _job.Columns.Single(c => c.Property.Name == property);
        string P(int i) => sql.GenerateParameterNamePlaceholder($"p{i}");
        var command = db.Database.GetDbConnection().CreateCommand();
        var (id, due, owner, expires) = (Name(nameof(JobRecord.Id)), Name(nameof(JobRecord.DueAt)), Name(nameof(JobRecord.LockOwner)), Name(nameof(JobRecord.LockExpiresAt)));
        // The same conditions as the EF claim: due, and unlocked or its lock expired; the earliest first.
        command.CommandText =
            $"UPDATE {_job.Statements.Table} SET {owner} = {P(0)}, {expires} = {P(1)} " +
            $"WHERE {id} IN (SELECT {id} FROM {_job.Statements.Table} WHERE {due} IS NOT NULL AND {due} <= {P(2)} " +
            $"AND ({owner} IS NULL OR {expires} < {P(2)}) ORDER BY {due} LIMIT {P(3)}) " +
            $"AND ({owner} IS NULL OR {expires} < {P(2)}) " +
            $"RETURNING {string.Join(", ", _job.Columns.Select(c => c.Name))}";
        _parameters = [Column(nameof(JobRecord.LockOwner)), Column(nameof(JobRecord.LockExpiresAt)), Column(nameof(JobRecord.DueAt))];
        for (var i = 0; i < _parameters.Length; i++)
        {
            command.Parameters.Add(_parameters[i].Mapping.CreateParameter(command, sql.GenerateParameterName($"p{i}"), null, nullable: true));
        }
        var limit = command.CreateParameter();
        limit.ParameterName = sql.GenerateParameterName("p3");
        command.Parameters.Add(limit);
        return command;
    }
}
