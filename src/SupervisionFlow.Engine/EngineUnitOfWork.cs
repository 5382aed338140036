using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Queries;

namespace SupervisionFlow.Engine;

/// <summary>
/// Engine commands that run on the caller's DbContext: the engine's changes and whatever domain rows the caller has
/// added or changed in that context are saved by one <c>SaveChanges</c>, in one transaction. Get it from
/// <see cref="ProcessEngine.In"/>. The caller must not have saved its changes separately.
/// </summary>
public sealed class EngineUnitOfWork
{
    private readonly CommandService _commands;
    private readonly DbContext _db;

    internal EngineUnitOfWork(CommandService commands, DbContext db)
    {
        _commands = commands;
        _db = db;
    }

    public Task<ProcessInstanceView> StartProcessAsync(
        string definitionKey, string? businessKey = null, JsonObject? variables = null, int? version = null,
        string? startedBy = null, CancellationToken cancellationToken = default) =>
        _commands.StartAsync(definitionKey, businessKey, variables, version, startedBy, cancellationToken, _db);

    public Task CompleteTaskAsync(string taskId, string? userId, JsonObject? variables = null, CancellationToken cancellationToken = default) =>
        _commands.CompleteAsync(taskId, userId, variables, cancellationToken, _db);

    public Task<int> CorrelateMessageAsync(
        string messageName, string? businessKey = null, string? processInstanceId = null, JsonObject? variables = null,
        CancellationToken cancellationToken = default) =>
        _commands.CorrelateAsync(messageName, businessKey, processInstanceId, variables, cancellationToken, _db);

    public Task SetVariablesAsync(string processInstanceId, JsonObject variables, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.SetVariablesAsync(processInstanceId, variables, userId, cancellationToken, _db);

    /// <summary>Moves the due time of the waiting timer at <paramref name="activityId"/> (e.g. a deadline guard after an extension).</summary>
    public async Task<int> SetTimerDueAsync(string processInstanceId, string activityId, DateTime dueAtUtc, CancellationToken cancellationToken = default)
    {
        var timers = await _db.Set<JobRecord>()
            .Where(j => j.ProcessInstanceId == processInstanceId && j.ActivityId == activityId && j.Kind == JobKind.Timer && j.DueAt != null)
            .ToListAsync(cancellationToken);
        timers.ForEach(t => t.DueAt = DateTime.SpecifyKind(dueAtUtc, DateTimeKind.Utc));
        await _db.SaveChangesAsync(cancellationToken);
        return timers.Count;
    }

    /// <summary>Moves the due time of the open tasks at <paramref name="activityId"/> of an instance.</summary>
    public async Task<int> SetTaskDueAsync(string processInstanceId, string activityId, DateTime? dueAtUtc, CancellationToken cancellationToken = default)
    {
        var tasks = await _db.Set<UserTaskRecord>()
            .Where(t => t.ProcessInstanceId == processInstanceId && t.ActivityId == activityId)
            .ToListAsync(cancellationToken);
        tasks.ForEach(t => t.DueAt = dueAtUtc is null ? null : DateTime.SpecifyKind(dueAtUtc.Value, DateTimeKind.Utc));
        await _db.SaveChangesAsync(cancellationToken);
        return tasks.Count;
    }

    public Task TerminateAsync(string processInstanceId, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.TerminateAsync(processInstanceId, userId, cancellationToken, _db);
}
