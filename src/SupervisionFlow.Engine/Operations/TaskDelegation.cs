using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Operations;

/// <summary>Who held a task before and after a transfer, delegation or resolution.</summary>
public sealed record TaskHandOver(string TaskId, string ProcessInstanceId, string ActivityId, string? Name, string? From, string? To, string? Owner, string? DelegationState);

/// <summary>
/// Transfer and delegation of open tasks inside a command of <see cref="ProcessEngine.RunAsync{T}"/>, with Camunda's
/// semantics: <see cref="TransferAsync"/> replaces the assignee (the task is someone else's now);
/// <see cref="DelegateAsync"/> keeps the task's owner and lends it to a delegate (<c>PENDING</c>); the delegate cannot
/// complete it but <see cref="ResolveAsync"/> gives it back to the owner (<c>RESOLVED</c>), who completes it.
/// <see cref="ReplaceCandidateGroupAsync"/> offers the task to another group (another unit) instead. Each loads the
/// instance for change, so its revision guards against a concurrent completion.
/// </summary>
public static class TaskDelegation
{
    public const string Pending = "PENDING";
    public const string Resolved = "RESOLVED";

    /// <summary>Gives the task to <paramref name="assignee"/> (null: back to its candidates); a pending delegation ends with it.</summary>
    public static async Task<TaskHandOver> TransferAsync(this EngineUnitOfWork unit, string taskId, string? assignee, CancellationToken cancellationToken = default)
    {
        var task = await OpenAsync(unit, taskId, cancellationToken);
        var from = task.Assignee;
        task.Assignee = assignee;
        task.Owner = null;
        task.DelegationState = null;
        return View(task, from);
    }

    /// <summary>Lends the task to <paramref name="delegateUserId"/>; its owner (the assignee, else <paramref name="ownerUserId"/>) gets it back on resolution.</summary>
    public static async Task<TaskHandOver> DelegateAsync(
        this EngineUnitOfWork unit, string taskId, string delegateUserId, string ownerUserId, CancellationToken cancellationToken = default)
    {
        var task = await OpenAsync(unit, taskId, cancellationToken);
        if (task.DelegationState == Pending)
        {
            throw new EngineConflictException($"Task '{taskId}' is already delegated to '{task.Assignee}'.", null, OperationErrorCodes.DelegationStateInvalid, task.ActivityId);
        }
        var from = task.Assignee;
        task.Owner = task.Assignee ?? ownerUserId;
        task.Assignee = delegateUserId;
        task.DelegationState = Pending;
        return View(task, from);
    }

    /// <summary>The delegate gives the task back to its owner, with the variables the delegate worked out (recorded in history).</summary>
    public static async Task<TaskHandOver> ResolveAsync(
        this EngineUnitOfWork unit, string taskId, string userId, JsonObject? variables = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var task = await OpenAsync(unit, taskId, cancellationToken);
        if (task.DelegationState != Pending)
        {
            throw new EngineConflictException($"Task '{taskId}' is not delegated.", null, OperationErrorCodes.DelegationStateInvalid, task.ActivityId);
        }
        if (task.Assignee != userId)
        {
            throw new EngineConflictException($"Task '{taskId}' is delegated to '{task.Assignee}', not to '{userId}'.", null, EngineErrorCodes.TaskAssignedToOther, task.ActivityId);
        }
        if (variables is { Count: > 0 })
        {
            VariableLimits.Check(variables, unit.Context.Runtime.Options);
            var instance = await unit.Context.LoadInstanceAsync(task.ProcessInstanceId, cancellationToken);
            unit.Context.SetVariables(instance, instance.Find(task.ExecutionId), variables, task.Id);
        }
        var from = task.Assignee;
        task.Assignee = task.Owner;
        task.DelegationState = Resolved;
        return View(task, from);
    }

    /// <summary>
    /// Offers the task to <paramref name="toGroup"/> instead of <paramref name="fromGroup"/> and clears its assignee;
    /// <paramref name="localVariables"/> are set where the task's execution sees them (e.g. the multi-instance item's
    /// <c>unit</c>), so the steps after it follow the new group.
    /// </summary>
    public static async Task<TaskHandOver> ReplaceCandidateGroupAsync(
        this EngineUnitOfWork unit, string taskId, string fromGroup, string toGroup, JsonObject? localVariables = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var task = await OpenAsync(unit, taskId, cancellationToken);
        await unit.Db.Entry(task).Collection(t => t.Candidates).LoadAsync(cancellationToken);
        var candidate = task.Candidates.FirstOrDefault(c => c.Kind == CandidateKinds.Group && c.Value == fromGroup)
                        ?? throw new EngineConflictException($"Task '{taskId}' is not offered to '{fromGroup}'.", null, EngineErrorCodes.TaskStale, task.ActivityId);
        candidate.Value = toGroup;
        var from = task.Assignee;
        task.Assignee = null;
        task.Owner = null;
        task.DelegationState = null;
        if (localVariables is { Count: > 0 })
        {
            var instance = await unit.Context.LoadInstanceAsync(task.ProcessInstanceId, cancellationToken);
            unit.Context.SetVariables(instance, instance.Find(task.ExecutionId), localVariables, task.Id);
            var locals = JsonNode.Parse(task.LocalVariablesJson) as JsonObject ?? [];
            foreach (var (name, value) in localVariables)
            {
                if (locals.ContainsKey(name))
                {
                    locals[name] = value?.DeepClone();
                }
            }
            task.LocalVariablesJson = locals.ToJsonString();
        }
        return View(task, from);
    }

    /// <summary>Camunda: a delegated task is resolved by its delegate, not completed.</summary>
    internal static void EnsureNotDelegated(UserTaskRecord task)
    {
        if (task.DelegationState == Pending)
        {
            throw new EngineConflictException(
                $"Task '{task.Id}' is delegated to '{task.Assignee}'; it must be resolved back to '{task.Owner}', not completed.", null,
                OperationErrorCodes.DelegatedTaskNotCompletable, task.ActivityId);
        }
    }

    private static async Task<UserTaskRecord> OpenAsync(EngineUnitOfWork unit, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var task = await CommandService.FindOpenTaskAsync(unit.Context, taskId, cancellationToken);
        await InstanceModification.LoadActiveAsync(unit, task.ProcessInstanceId, cancellationToken);
        return task;
    }

    private static TaskHandOver View(UserTaskRecord task, string? from) =>
        new(task.Id, task.ProcessInstanceId, task.ActivityId, task.Name, from, task.Assignee, task.Owner, task.DelegationState);
}
