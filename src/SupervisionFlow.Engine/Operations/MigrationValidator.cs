using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Operations;

/// <summary>
/// Checks a migration plan without changing anything: the plan itself (same key, mapped ids exist) and, per
/// instance, that every active activity — user and receive tasks, catch events, joins, sub-process scopes,
/// multi-instance bodies and their instances, call activities — has a target of the same kind in the target of its
/// scope. Camunda's migration validation, reduced to what our engine runs.
/// </summary>
internal static class MigrationValidator
{
    /// <summary>Refuses a plan that cannot apply to any instance (<see cref="OperationErrorCodes.MigrationPlanInvalid"/>).</summary>
    public static void CheckPlan(MigrationPlan plan, string sourceKey, ProcessModel source, string targetKey, ProcessModel target)
    {
        if (sourceKey != targetKey)
        {
            throw new EngineValidationException(
                $"'{plan.SourceDefinitionId}' and '{plan.TargetDefinitionId}' are versions of different processes; an instance migrates only between versions of its own.",
                null, OperationErrorCodes.MigrationPlanInvalid);
        }
        if (plan.SourceDefinitionId == plan.TargetDefinitionId)
        {
            throw new EngineValidationException($"Source and target are the same definition '{plan.SourceDefinitionId}'.", null, OperationErrorCodes.MigrationPlanInvalid);
        }
        foreach (var (from, to) in plan.ActivityMapping)
        {
            if (!source.TryGetNode(from, out _))
            {
                throw new EngineValidationException($"The mapping names '{from}', which '{plan.SourceDefinitionId}' does not have.", null, OperationErrorCodes.MigrationPlanInvalid, from);
            }
            if (!target.TryGetNode(to, out _))
            {
                throw new EngineValidationException($"The mapping sends '{from}' to '{to}', which '{plan.TargetDefinitionId}' does not have.", null, OperationErrorCodes.MigrationPlanInvalid, from);
            }
        }
    }

    /// <summary>Every reason the instance's active activities cannot migrate; empty when it can.</summary>
    public static List<MigrationProblem> CheckInstance(
        MigrationPlan plan, string instanceId, string? businessKey, IEnumerable<Execution.Execution> executions, ProcessModel source, ProcessModel target)
    {
        var problems = new List<MigrationProblem>();
        foreach (var activityId in executions.Where(e => e.Kind != ExecutionKind.Root && e.ActivityId is not null).Select(e => e.ActivityId!).Distinct())
        {
            if (CheckActivity(plan, activityId, source, target) is { } problem)
            {
                problems.Add(new MigrationProblem(instanceId, businessKey, problem.Code, activityId, problem.Message));
            }
        }
        return problems;
    }

    private static (string Code, string Message)? CheckActivity(MigrationPlan plan, string activityId, ProcessModel source, ProcessModel target)
    {
        if (!source.TryGetNode(activityId, out var from))
        {
            return (OperationErrorCodes.MigrationSourceMismatch, $"The instance is at '{activityId}', which its source definition does not have.");
        }
        if (!plan.ActivityMapping.TryGetValue(activityId, out var toId) || !target.TryGetNode(toId, out var to))
        {
            return (OperationErrorCodes.MigrationActivityUnmapped, $"The active {from} is not mapped to an activity of '{plan.TargetDefinitionId}'.");
        }
        if (Incompatibility(from, to) is { } why)
        {
            return (OperationErrorCodes.MigrationActivityIncompatible, $"The active {from} cannot become {to}: {why}.");
        }
        var expectedScope = from.Parent is null ? null : plan.ActivityMapping.GetValueOrDefault(from.Parent.Id);
        if (to.Parent?.Id != expectedScope)
        {
            return (OperationErrorCodes.MigrationScopeMismatch,
                $"The active {from} lies in {(from.Parent?.ToString() ?? "the process")}, which maps to {expectedScope ?? "the process"}, but {to} lies in {(to.Parent?.ToString() ?? "the process")}.");
        }
        return null;
    }

    /// <summary>Why a token at <paramref name="from"/> cannot wait at <paramref name="to"/> instead; null when it can.</summary>
    public static string? Incompatibility(FlowNode from, FlowNode to)
    {
        if (from.ElementType != to.ElementType)
        {
            return $"a {from.ElementType} is not a {to.ElementType}";
        }
        if ((from.MultiInstance is null) != (to.MultiInstance is null))
        {
            return from.MultiInstance is null ? "the target is multi-instance" : "the target is not multi-instance";
        }
        if (from.MultiInstance is { } a && to.MultiInstance is { } b && a.IsSequential != b.IsSequential)
        {
            return "one is sequential, the other parallel";
        }
        var fromTrigger = Trigger(from);
        var toTrigger = Trigger(to);
        return fromTrigger != toTrigger ? $"it waits for a {fromTrigger}, the target for a {toTrigger}" : null;
    }

    private static EventTriggerKind Trigger(FlowNode node) => node switch
    {
        IntermediateCatchEventNode n => n.Trigger.Kind,
        BoundaryEventNode n => n.Trigger.Kind,
        _ => EventTriggerKind.None,
    };
}
