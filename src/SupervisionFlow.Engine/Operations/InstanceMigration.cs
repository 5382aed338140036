using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Operations;

/// <summary>
/// Migrates one running instance to another version of its definition inside a command of
/// <see cref="ProcessEngine.RunAsync{T}"/> (Camunda's process instance migration). Nothing runs: every token stays
/// where it waits and is renamed to its mapped activity, so completed steps never run again. Open tasks keep their id,
/// assignee and due date and take the target's name, form key and candidates; waits the target defines are carried
/// over (a mapped boundary timer keeps its job and due time), created (a boundary timer only the target has) or
/// removed (one the target does not have). The instance's row points at the target and its history gets a
/// <c>migration</c> entry. A refused instance changes nothing.
/// </summary>
public static class InstanceMigration
{
    /// <summary>The history entry's activity type for a migration.</summary>
    public const string HistoryType = "migration";

    /// <summary>Migrates <paramref name="processInstanceId"/> under <paramref name="plan"/>; refused with a migration code when it cannot.</summary>
    public static async Task<MigratedInstance> MigrateInstanceAsync(
        this EngineUnitOfWork unit, MigrationPlan plan, string processInstanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(plan);
        var context = unit.Context;
        var instance = await InstanceModification.LoadActiveAsync(unit, processInstanceId, cancellationToken);
        if (instance.Record.DefinitionId != plan.SourceDefinitionId)
        {
            throw new EngineConflictException(
                $"Process instance '{instance.Id}' runs '{instance.Record.DefinitionId}', not '{plan.SourceDefinitionId}'.", null, OperationErrorCodes.MigrationSourceMismatch);
        }
        var targetRecord = await context.Db.Set<ProcessDefinitionRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == plan.TargetDefinitionId, cancellationToken)
                           ?? throw new EngineNotFoundException($"Process definition '{plan.TargetDefinitionId}' does not exist.", EngineErrorCodes.DefinitionNotFound);
        var source = instance.Model;
        var target = context.Runtime.Model(targetRecord);
        MigrationValidator.CheckPlan(plan, instance.Record.DefinitionKey, source, targetRecord.Key, target);
        var problems = MigrationValidator.CheckInstance(plan, instance.Id, instance.Record.BusinessKey, instance.Executions, source, target);
        if (problems.Count > 0)
        {
            throw new EngineValidationException(string.Join(" ", problems.Select(p => p.Message)), null, problems[0].Code, problems[0].ElementId);
        }

        var rows = await WaitRowsAsync(context, instance.Id, cancellationToken);
        var counts = new WaitCounts();
        foreach (var execution in instance.Executions.Where(e => e.Kind != ExecutionKind.Root && e.ActivityId is not null).ToList())
        {
            var from = source.Node(execution.ActivityId!);
            var to = target.Node(plan.ActivityMapping[from.Id]);
            await RenameHistoryAsync(context, execution, to, cancellationToken);
            MigrateOwnWaits(context, instance, execution, from, to, rows, plan.RecomputeDueDates, counts);
            if (execution.Kind != ExecutionKind.MultiInstanceItem)
            {
                MigrateBoundaryWaits(context, instance, execution, from, to, plan, rows, counts);
            }
            execution.ActivityId = to.Id;
        }
        instance.Record.DefinitionId = targetRecord.Id;
        instance.Record.DefinitionVersion = targetRecord.Version;
        context.Db.Add(new HistoryActivityRecord
        {
            Id = Execution.Execution.NewId(),
            ProcessInstanceId = instance.Id,
            ActivityId = targetRecord.Id,
            ActivityType = HistoryType,
            ActivityName = $"迁移：{plan.SourceDefinitionId} → {targetRecord.Id}",
            StartedAt = context.NowUtc,
            EndedAt = context.NowUtc,
            CompletedBy = context.UserId,
            Sequence = context.NextHistorySequence(),
        });
        return new MigratedInstance(
            instance.Id, instance.Record.BusinessKey, plan.SourceDefinitionId, targetRecord.Id,
            InstanceRuntime.ActiveActivityIds(instance.Executions.Where(e => e.Kind != ExecutionKind.Root)), counts.Kept, counts.Removed, counts.Created);
    }

    private sealed class WaitCounts
    {
        public int Kept { get; set; }

        public int Removed { get; set; }

        public int Created { get; set; }
    }

    private sealed record InstanceWaitRows(List<UserTaskRecord> Tasks, List<JobRecord> Jobs, List<MessageSubscriptionRecord> Subscriptions);

    private static async Task<InstanceWaitRows> WaitRowsAsync(CommandContext context, string instanceId, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var tasks = await db.Set<UserTaskRecord>().Include(t => t.Candidates).Where(t => t.ProcessInstanceId == instanceId).ToListAsync(cancellationToken);
        var jobs = await db.Set<JobRecord>().Where(j => j.ProcessInstanceId == instanceId).ToListAsync(cancellationToken);
        var subscriptions = await db.Set<MessageSubscriptionRecord>().Where(s => s.ProcessInstanceId == instanceId).ToListAsync(cancellationToken);
        return new InstanceWaitRows(tasks, jobs, subscriptions);
    }

    /// <summary>The running activity instance goes on as the target activity: its open history row takes the target's id and name.</summary>
    private static async Task RenameHistoryAsync(CommandContext context, Execution.Execution execution, FlowNode to, CancellationToken cancellationToken)
    {
        if (execution.ActivityInstanceId is not { } id)
        {
            return;
        }
        var row = await context.Db.Set<HistoryActivityRecord>().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (row is not null && (row.ActivityId != to.Id || row.ActivityName != to.Name))
        {
            row.ActivityId = to.Id;
            row.ActivityName = to.Name;
        }
    }

    /// <summary>The execution's own waits: its task, its timer or message catch, its service-task job.</summary>
    private static void MigrateOwnWaits(
        CommandContext context, InstanceRuntime instance, Execution.Execution execution, FlowNode from, FlowNode to, InstanceWaitRows rows, bool recompute, WaitCounts counts)
    {
        foreach (var task in rows.Tasks.Where(t => t.ExecutionId == execution.Id))
        {
            MigrateTask(context, instance, execution, task, (UserTaskNode)to, recompute);
        }
        foreach (var job in rows.Jobs.Where(j => j.ExecutionId == execution.Id && j.ActivityId == from.Id).ToList())
        {
            if (job.Kind == JobKind.Timer && recompute && to is IntermediateCatchEventNode { Trigger.Timer: { } spec })
            {
                RemoveJob(context, rows, job);
                context.Executor.Rows.CreateTimer(instance, execution, to, spec);
                continue;
            }
            job.ActivityId = to.Id;
            counts.Kept += job.Kind == JobKind.Timer ? 1 : 0;
        }
        foreach (var subscription in rows.Subscriptions.Where(s => s.ExecutionId == execution.Id && s.ActivityId == from.Id))
        {
            subscription.ActivityId = to.Id;
            subscription.MessageName = to switch
            {
                ReceiveTaskNode receive => receive.MessageName,
                IntermediateCatchEventNode { Trigger.MessageName: { } name } => name,
                _ => subscription.MessageName,
            };
        }
    }

    /// <summary>The target's name, form key and candidates; id, assignee, owner and due date stay unless due dates are recomputed.</summary>
    private static void MigrateTask(CommandContext context, InstanceRuntime instance, Execution.Execution execution, UserTaskRecord task, UserTaskNode to, bool recompute)
    {
        var evaluator = context.Runtime.Evaluator;
        var variables = instance.VisibleVariables(execution);
        task.ActivityId = to.Id;
        task.Name = to.Name;
        task.FormKey = to.FormKey;
        if (recompute)
        {
            task.DueAt = UserTaskBehavior.AsDate(evaluator, to.DueDate, variables, context.Now, to, "dueDate");
        }
        context.Db.RemoveRange(task.Candidates);
        task.Candidates.Clear();
        foreach (var group in UserTaskBehavior.AsList(evaluator, to.CandidateGroups, variables))
        {
            task.Candidates.Add(new TaskCandidateRecord { TaskId = task.Id, Kind = CandidateKinds.Group, Value = group });
        }
        foreach (var user in UserTaskBehavior.AsList(evaluator, to.CandidateUsers, variables))
        {
            task.Candidates.Add(new TaskCandidateRecord { TaskId = task.Id, Kind = CandidateKinds.User, Value = user });
        }
    }

    /// <summary>
    /// Timers and message subscriptions of the boundary events on the execution's activity: a source boundary event
    /// mapped to a boundary event of the same trigger on the target activity keeps its row (and due time); any other
    /// goes; a target boundary event nobody carried over gets a new row, as if the activity had just been entered.
    /// </summary>
    private static void MigrateBoundaryWaits(
        CommandContext context, InstanceRuntime instance, Execution.Execution execution, FlowNode from, FlowNode to, MigrationPlan plan, InstanceWaitRows rows, WaitCounts counts)
    {
        var carried = new HashSet<string>(StringComparer.Ordinal);
        BoundaryEventNode? TargetBoundary(string sourceBoundaryId, EventTriggerKind kind) =>
            plan.ActivityMapping.TryGetValue(sourceBoundaryId, out var id)
            && to.BoundaryEvents.FirstOrDefault(b => b.Id == id) is { } boundary && boundary.Trigger.Kind == kind && !carried.Contains(id)
                ? boundary
                : null;

        foreach (var job in rows.Jobs.Where(j => j.ExecutionId == execution.Id && j.ActivityId != from.Id && j.Kind == JobKind.Timer).ToList())
        {
            if (TargetBoundary(job.ActivityId, EventTriggerKind.Timer) is not { } boundary)
            {
                RemoveJob(context, rows, job);
                counts.Removed++;
                continue;
            }
            carried.Add(boundary.Id);
            if (plan.RecomputeDueDates)
            {
                RemoveJob(context, rows, job);
                context.Executor.Rows.CreateTimer(instance, execution, boundary, boundary.Trigger.Timer!);
                counts.Created++;
                continue;
            }
            job.ActivityId = boundary.Id;
            counts.Kept++;
        }
        foreach (var subscription in rows.Subscriptions.Where(s => s.ExecutionId == execution.Id && s.ActivityId != from.Id).ToList())
        {
            if (TargetBoundary(subscription.ActivityId, EventTriggerKind.Message) is not { } boundary)
            {
                context.Db.Remove(subscription);
                rows.Subscriptions.Remove(subscription);
                continue;
            }
            carried.Add(boundary.Id);
            subscription.ActivityId = boundary.Id;
            subscription.MessageName = boundary.Trigger.MessageName!;
        }
        foreach (var boundary in to.BoundaryEvents.Where(b => !carried.Contains(b.Id)))
        {
            switch (boundary.Trigger.Kind)
            {
                case EventTriggerKind.Timer:
                    context.Executor.Rows.CreateTimer(instance, execution, boundary, boundary.Trigger.Timer!);
                    counts.Created++;
                    break;
                case EventTriggerKind.Message:
                    context.Executor.Rows.CreateSubscription(instance, execution, boundary.Id, boundary.Trigger.MessageName!);
                    break;
            }
        }
    }

    /// <summary>Deletes a job; one waiting on an incident takes the incident with it.</summary>
    private static void RemoveJob(CommandContext context, InstanceWaitRows rows, JobRecord job)
    {
        if (job.DueAt is null)
        {
            context.Db.RemoveRange(context.Db.Set<IncidentRecord>().Where(i => i.JobId == job.Id).ToList());
        }
        context.Db.Remove(job);
        rows.Jobs.Remove(job);
    }
}
