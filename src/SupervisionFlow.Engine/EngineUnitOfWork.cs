using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Queries;

namespace SupervisionFlow.Engine;

/// <summary>
/// The engine side of one command run by <see cref="ProcessEngine.RunAsync{T}"/>: every call only changes rows
/// tracked by the caller's DbContext, and the runner saves them — with the caller's domain rows — in one
/// <c>SaveChanges</c> inside one transaction after the body returns. Nothing here saves, so a failure anywhere in the
/// body leaves nothing behind. Valid only inside the body it was given to.
/// </summary>
public sealed class EngineUnitOfWork
{
    private readonly CommandService _commands;

    internal EngineUnitOfWork(CommandService commands, CommandContext context)
    {
        _commands = commands;
        Context = context;
    }

    internal CommandContext Context { get; }

    /// <summary>The caller's DbContext the command saves through.</summary>
    public DbContext Db => Context.Db;

    /// <summary>Starts the given version (default: latest) of <paramref name="definitionKey"/>; returns the new instance's id.</summary>
    public Task<string> StartProcessAsync(
        string definitionKey, string? businessKey = null, JsonObject? variables = null, int? version = null,
        string? startedBy = null, CancellationToken cancellationToken = default) =>
        _commands.StartAsync(definitionKey, businessKey, variables, version, startedBy, cancellationToken, this);

    /// <summary>Completes a task, validating the variables against its form.</summary>
    public Task CompleteTaskAsync(string taskId, string? userId, JsonObject? variables = null, CancellationToken cancellationToken = default) =>
        _commands.CompleteAsync(taskId, userId, variables, cancellationToken, this);

    /// <summary>
    /// Refuses the command unless <paramref name="taskId"/> is still open, read inside the command's transaction:
    /// call it before domain work that assumes the task is open, so a lost race is reported as one
    /// (<see cref="EngineErrorCodes.TaskAlreadyCompleted"/>) rather than as the domain rule it would break.
    /// </summary>
    public async Task EnsureTaskOpenAsync(string taskId, CancellationToken cancellationToken = default) =>
        await CommandService.FindOpenTaskAsync(Context, taskId, cancellationToken);

    /// <summary>
    /// Reads many open tasks for completion in this command at once (a 交办会 chunk): the task rows and their instances
    /// (with the instances' jobs) are loaded inside the command's transaction, so the later <see cref="EnsureTaskOpenAsync"/>
    /// and <see cref="CompleteTaskAsync"/> of each find them without a query of their own. Returns the view of every task
    /// still open, by id; a task missing from the answer is completed, cancelled or unknown. Does not save.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TaskView>> LoadOpenTasksAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        var ids = taskIds.Distinct(StringComparer.Ordinal).ToList();
        // Tracked, without their candidate rows: a tracked candidate would be deleted row by row when its task goes,
        // where the database's cascade removes them with the task.
        var tasks = await Db.Set<UserTaskRecord>().Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken);
        tasks.RemoveAll(t => Db.Entry(t).State == EntityState.Deleted);
        var candidates = (await Db.Set<TaskCandidateRecord>().AsNoTracking().Where(c => ids.Contains(c.TaskId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.TaskId, StringComparer.Ordinal);
        await Context.PreloadAsync([.. tasks.Select(t => t.ProcessInstanceId).Distinct(StringComparer.Ordinal)], cancellationToken);
        var views = new Dictionary<string, TaskView>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var instance = await Context.LoadInstanceAsync(task.ProcessInstanceId, cancellationToken);
            // The instance's variables as this command sees them (changes not yet flushed to its row included).
            views[task.Id] = EngineReader.TaskViewOf(task, [.. candidates[task.Id].OrderBy(c => c.Id)], instance.Variables.ToJsonString(), instance.Model);
        }
        return views;
    }

    /// <summary>
    /// The open task as <see cref="ProcessEngine.GetTaskAsync"/> shows it (candidates, variables, form fields), read
    /// inside the command: refused with its code as <see cref="EnsureTaskOpenAsync"/> refuses it. The task and its
    /// instance stay tracked, so completing the task in the same command reads neither again, and no second
    /// DbContext or connection is opened for the view.
    /// </summary>
    public async Task<TaskView> GetOpenTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var task = await CommandService.FindOpenTaskAsync(Context, taskId, cancellationToken);
        var instance = await Context.LoadInstanceAsync(task.ProcessInstanceId, cancellationToken);
        var candidates = await Db.Set<TaskCandidateRecord>().AsNoTracking().Where(c => c.TaskId == taskId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return EngineReader.TaskViewOf(task, candidates, instance.Record.VariablesJson, instance.Model);
    }

    public Task<int> CorrelateMessageAsync(
        string messageName, string? businessKey = null, string? processInstanceId = null, JsonObject? variables = null,
        CancellationToken cancellationToken = default) =>
        _commands.CorrelateAsync(messageName, businessKey, processInstanceId, variables, cancellationToken, this);

    public Task SetVariablesAsync(string processInstanceId, JsonObject variables, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.SetVariablesAsync(processInstanceId, variables, userId, cancellationToken, this);

    /// <summary>Moves the due time of the waiting timer at <paramref name="activityId"/> (e.g. a deadline guard after an extension). Does not save.</summary>
    public async Task<int> SetTimerDueAsync(string processInstanceId, string activityId, DateTime dueAtUtc, CancellationToken cancellationToken = default)
    {
        var timers = await Db.Set<JobRecord>()
            .Where(j => j.ProcessInstanceId == processInstanceId && j.ActivityId == activityId && j.Kind == JobKind.Timer && j.DueAt != null)
            .ToListAsync(cancellationToken);
        timers.ForEach(t => t.DueAt = DateTime.SpecifyKind(dueAtUtc, DateTimeKind.Utc));
        return timers.Count;
    }

    /// <summary>Moves the due time of the open tasks at <paramref name="activityId"/> of an instance. Does not save.</summary>
    public async Task<int> SetTaskDueAsync(string processInstanceId, string activityId, DateTime? dueAtUtc, CancellationToken cancellationToken = default)
    {
        var tasks = await Db.Set<UserTaskRecord>()
            .Where(t => t.ProcessInstanceId == processInstanceId && t.ActivityId == activityId)
            .ToListAsync(cancellationToken);
        tasks.ForEach(t => t.DueAt = dueAtUtc is null ? null : DateTime.SpecifyKind(dueAtUtc.Value, DateTimeKind.Utc));
        return tasks.Count;
    }

    /// <summary>Gives a failed job its retries back (the incident goes); the job runs right after the command commits.</summary>
    public Task RetryIncidentAsync(string incidentId, CancellationToken cancellationToken = default) =>
        _commands.RetryIncidentAsync(incidentId, cancellationToken, this);

    public Task TerminateAsync(string processInstanceId, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.TerminateAsync(processInstanceId, userId, cancellationToken, this);

    /// <summary>
    /// Writes the rows added so far inside the command's transaction, so the database assigns their keys (a new
    /// suggestion's id is its process's business key). Still one transaction: a later failure rolls these back too.
    /// Use it only for keys; the runner's save at the end is the command's commit.
    /// </summary>
    public async Task AssignKeysAsync(CancellationToken cancellationToken = default)
    {
        Db.ChangeTracker.DetectChanges();
        await CandidateSortKeys.SyncAsync(Db, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken);
    }
}
