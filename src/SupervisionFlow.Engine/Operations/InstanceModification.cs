using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Operations;

/// <summary>A due time moved: what it was, what it is now.</summary>
public sealed record DueChange(string ProcessInstanceId, string ActivityId, string? ActivityName, DateTime? OldDueAt, DateTime? NewDueAt);

/// <summary>Tokens taken off <see cref="FromActivityId"/> and started at <see cref="ToActivityId"/> (null: skipped along the outgoing flows).</summary>
public sealed record TokenMove(string ProcessInstanceId, string FromActivityId, string? FromName, string? ToActivityId, string? ToName, int Tokens);

/// <summary>
/// Modifies a running instance inside a command of <see cref="ProcessEngine.RunAsync{T}"/> (Camunda's process instance
/// modification): move tokens back or forward within their scope, skip an activity, change a task's or a timer's due
/// time. Each call loads the instance for change, so its revision guards the command against a concurrent completion
/// or timer firing (one of them loses and changes nothing). The caller writes the reason to its audit trail in the
/// same command. A cancelled activity stays in history as cancelled; completed steps are never run again unless the
/// operator moves a token back onto them on purpose.
/// </summary>
public static class InstanceModification
{
    /// <summary>Sets the due time of an open task (null clears it).</summary>
    public static async Task<DueChange> ChangeTaskDueAsync(this EngineUnitOfWork unit, string taskId, DateTime? dueAtUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var task = await CommandService.FindOpenTaskAsync(unit.Context, taskId, cancellationToken);
        await LoadActiveAsync(unit, task.ProcessInstanceId, cancellationToken);
        var old = task.DueAt;
        task.DueAt = dueAtUtc is { } due ? DateTime.SpecifyKind(due, DateTimeKind.Utc) : null;
        return new DueChange(task.ProcessInstanceId, task.ActivityId, task.Name, old, task.DueAt);
    }

    /// <summary>Sets the due time of a waiting timer (a boundary or catch event); the sweep fires it then.</summary>
    public static async Task<DueChange> ChangeTimerDueAsync(this EngineUnitOfWork unit, string timerId, DateTime dueAtUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var job = await unit.Db.Set<JobRecord>().FirstOrDefaultAsync(j => j.Id == timerId && j.Kind == JobKind.Timer, cancellationToken)
                  ?? throw new EngineNotFoundException($"No waiting timer '{timerId}'.", OperationErrorCodes.TimerNotFound);
        if (job.DueAt is null)
        {
            throw new EngineConflictException($"Timer '{timerId}' waits on an incident; retry the incident instead.", null, OperationErrorCodes.TimerStalled, job.ActivityId);
        }
        var instance = await LoadActiveAsync(unit, job.ProcessInstanceId, cancellationToken);
        var old = job.DueAt;
        job.DueAt = DateTime.SpecifyKind(dueAtUtc, DateTimeKind.Utc);
        var name = instance.Model.TryGetNode(job.ActivityId, out var node) ? node.Name : null;
        return new DueChange(job.ProcessInstanceId, job.ActivityId, name, old, job.DueAt);
    }

    /// <summary>
    /// Cancels the activity at <paramref name="fromActivityId"/> (every token there, or only <paramref name="executionId"/>)
    /// and starts <paramref name="toActivityId"/> in the same scope: a step back (退回三定) or forward.
    /// </summary>
    public static async Task<TokenMove> MoveAsync(
        this EngineUnitOfWork unit, string processInstanceId, string fromActivityId, string toActivityId, string? executionId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var instance = await LoadActiveAsync(unit, processInstanceId, cancellationToken);
        var from = Node(instance, fromActivityId);
        var to = StartableTarget(instance, toActivityId);
        if (from.Parent != to.Parent)
        {
            throw new EngineValidationException(
                $"{to} is not in the scope of {from}; a token moves only within its own (sub-)process.", null, OperationErrorCodes.TargetInOtherScope, to.Id);
        }
        var tokens = TokensAt(instance, from, executionId);
        if (tokens.Any(t => t.Kind == ExecutionKind.MultiInstanceItem))
        {
            throw new EngineValidationException(
                $"One instance of the multi-instance {from} cannot be moved; skip it, or move the whole activity.", null, OperationErrorCodes.MultiInstanceItemNotMovable, from.Id);
        }
        var executor = unit.Context.Executor;
        foreach (var token in tokens)
        {
            ResetToToken(executor, instance, token);
            executor.Enter(instance, token, to);
        }
        unit.Context.Run();
        return new TokenMove(instance.Id, from.Id, from.Name, to.Id, to.Name, tokens.Count);
    }

    /// <summary>Moves the token of an open task (see <see cref="MoveAsync"/>).</summary>
    public static async Task<TokenMove> MoveTaskAsync(this EngineUnitOfWork unit, string taskId, string toActivityId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var task = await CommandService.FindOpenTaskAsync(unit.Context, taskId, cancellationToken);
        return await unit.MoveAsync(task.ProcessInstanceId, task.ActivityId, toActivityId, task.ExecutionId, cancellationToken);
    }

    /// <summary>
    /// Cancels the activity at <paramref name="activityId"/> (every token there, or only <paramref name="executionId"/>)
    /// and takes its outgoing flows as if it had completed; one instance of a multi-instance activity counts as done.
    /// </summary>
    public static async Task<TokenMove> SkipAsync(
        this EngineUnitOfWork unit, string processInstanceId, string activityId, string? executionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var instance = await LoadActiveAsync(unit, processInstanceId, cancellationToken);
        var node = Node(instance, activityId);
        var tokens = TokensAt(instance, node, executionId);
        var executor = unit.Context.Executor;
        foreach (var token in tokens.Where(instance.Contains))
        {
            if (token.Kind == ExecutionKind.MultiInstanceItem)
            {
                executor.CancelActivity(instance, token);
                MultiInstanceBehavior.ItemCompleted(executor, instance, token, node);
                continue;
            }
            ResetToToken(executor, instance, token);
            executor.TakeOutgoing(instance, token, node);
        }
        unit.Context.Run();
        return new TokenMove(instance.Id, node.Id, node.Name, null, null, tokens.Count);
    }

    /// <summary>Skips the activity of an open task (see <see cref="SkipAsync"/>).</summary>
    public static async Task<TokenMove> SkipTaskAsync(this EngineUnitOfWork unit, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var task = await CommandService.FindOpenTaskAsync(unit.Context, taskId, cancellationToken);
        return await unit.SkipAsync(task.ProcessInstanceId, task.ActivityId, task.ExecutionId, cancellationToken);
    }

    internal static async Task<InstanceRuntime> LoadActiveAsync(EngineUnitOfWork unit, string processInstanceId, CancellationToken cancellationToken)
    {
        var instance = await unit.Context.LoadInstanceAsync(processInstanceId, cancellationToken);
        if (!instance.IsActive)
        {
            throw new EngineConflictException($"Process instance '{instance.Id}' is {instance.Record.State}.", null, EngineErrorCodes.InstanceNotActive);
        }
        return instance;
    }

    private static FlowNode Node(InstanceRuntime instance, string activityId) =>
        instance.Model.TryGetNode(activityId, out var node)
            ? node
            : throw new EngineNotFoundException($"Process '{instance.Model.Key}' has no activity '{activityId}'.", OperationErrorCodes.NoTokenAtActivity, activityId);

    private static FlowNode StartableTarget(InstanceRuntime instance, string activityId) =>
        instance.Model.TryGetNode(activityId, out var node) && node is not (BoundaryEventNode or StartEventNode)
            ? node
            : throw new EngineValidationException($"'{activityId}' is not an activity of '{instance.Model.Key}' that can be started.", null, OperationErrorCodes.TargetNotStartable, activityId);

    /// <summary>The executions at the activity (a multi-instance activity as a whole, unless one of its instances is named).</summary>
    private static List<Execution.Execution> TokensAt(InstanceRuntime instance, FlowNode node, string? executionId)
    {
        var tokens = executionId is null
            ? instance.Executions.Where(e => e.ActivityId == node.Id && e.Kind != ExecutionKind.Root && e.Kind != ExecutionKind.MultiInstanceItem).ToList()
            : instance.Executions.Where(e => e.Id == executionId && e.ActivityId == node.Id).ToList();
        return tokens.Count > 0
            ? tokens
            : throw new EngineConflictException($"No token of instance '{instance.Id}' is at {node}.", null, OperationErrorCodes.NoTokenAtActivity, node.Id);
    }

    /// <summary>Ends the execution's current activity as cancelled and makes it a plain token again (a multi-instance root drops its counters).</summary>
    private static void ResetToToken(Executor executor, InstanceRuntime instance, Execution.Execution token)
    {
        executor.CancelActivity(instance, token);
        if (token.Kind == ExecutionKind.MultiInstanceRoot)
        {
            token.Variables = null;
            token.Items = null;
        }
        token.Kind = ExecutionKind.Token;
    }
}
