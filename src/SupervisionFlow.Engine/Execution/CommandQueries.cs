using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// The lookups every completion makes, compiled once: EF Core otherwise rebuilds and looks up the query's cache key
/// from its expression tree on each call, which the profile of the completion benchmark showed among the top costs.
/// A compiled query refuses a context whose model differs from the one it was compiled for, so there is one set per
/// model (one in a host; the tests run SQLite and PostgreSQL models side by side).
/// </summary>
internal sealed class CommandQueries
{
    private static readonly ConditionalWeakTable<IModel, CommandQueries> PerModel = [];

    /// <summary>The compiled queries for <paramref name="db"/>'s model.</summary>
    public static CommandQueries For(DbContext db) => PerModel.GetValue(db.Model, _ => new CommandQueries());

    /// <summary>A task with its instance, tracked, in one statement (a completion needs both).</summary>
    public readonly Func<DbContext, string, CancellationToken, Task<TaskAndInstance?>> TaskWithInstance =
        EF.CompileAsyncQuery((DbContext db, string taskId, CancellationToken _) =>
            db.Set<UserTaskRecord>()
                .Where(t => t.Id == taskId)
                .Join(db.Set<ProcessInstanceRecord>(), t => t.ProcessInstanceId, i => i.Id, (t, i) => new TaskAndInstance(t, i))
                .FirstOrDefault());

    /// <summary>A task by id, tracked.</summary>
    public readonly Func<DbContext, string, CancellationToken, Task<UserTaskRecord?>> Task =
        EF.CompileAsyncQuery((DbContext db, string taskId, CancellationToken _) =>
            db.Set<UserTaskRecord>().FirstOrDefault(t => t.Id == taskId));

    /// <summary>An instance by id, tracked.</summary>
    public readonly Func<DbContext, string, CancellationToken, Task<ProcessInstanceRecord?>> Instance =
        EF.CompileAsyncQuery((DbContext db, string instanceId, CancellationToken _) =>
            db.Set<ProcessInstanceRecord>().FirstOrDefault(i => i.Id == instanceId));
}

/// <summary>A user task row and the row of its process instance, loaded together.</summary>
internal sealed record TaskAndInstance(UserTaskRecord Task, ProcessInstanceRecord Instance);
