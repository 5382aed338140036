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
        command.Parameters[0].Value = _parameters[0].ToProvider(owner);
        command.Parameters[1].Value = _parameters[1].ToProvider(lockUntil);
        command.Parameters[2].Value = _parameters[2].ToProvider(now);
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

    private DbCommand Prepare()
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Name(string property) => _job.Statements.Column(property).Name;
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
        _parameters = [.. new[] { nameof(JobRecord.LockOwner), nameof(JobRecord.LockExpiresAt), nameof(JobRecord.DueAt) }.Select(_job.Statements.Column)];
        RowStatements.AddParameters(command, sql, _parameters);
        var limit = command.CreateParameter();
        limit.ParameterName = sql.GenerateParameterName("p3");
        command.Parameters.Add(limit);
        return command;
    }
}
