using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// Moves tokens: entering a node runs its behaviour, leaving it takes the outgoing flows, ending a token may
/// complete its scope. Steps go through the command's agenda so deep processes never recurse deeply.
/// </summary>
internal sealed partial class Executor(CommandContext context)
{
    public CommandContext Context => context;

    public WaitRowStore Rows { get; } = new(context);

    /// <summary>Schedules <paramref name="execution"/> to enter <paramref name="node"/>.</summary>
    public void Enter(InstanceRuntime instance, Execution execution, FlowNode node) =>
        context.Schedule(() =>
        {
            if (instance.Contains(execution))
            {
                EnterNow(instance, execution, node);
            }
        });

    private void EnterNow(InstanceRuntime instance, Execution execution, FlowNode node)
    {
        execution.ActivityId = node.Id;
        execution.WaitingAtJoin = false;
        if (node.MultiInstance is not null && execution.Kind != ExecutionKind.MultiInstanceItem)
        {
            Rows.StartActivity(instance, execution, node, "multiInstanceBody");
            Rows.CreateBoundaryWaits(instance, execution, node);
            MultiInstanceBehavior.Start(this, instance, execution, node);
            return;
        }
        Rows.StartActivity(instance, execution, node, node.ElementType);
        if (execution.Kind != ExecutionKind.MultiInstanceItem)
        {
            Rows.CreateBoundaryWaits(instance, execution, node);
        }
        BehaviorRegistry.For(node).Execute(this, instance, execution, node);
    }

    /// <summary>Runs the activity's own behaviour for one multi-instance item (no boundary events: they sit on the root).</summary>
    public void EnterItem(InstanceRuntime instance, Execution item, FlowNode node)
    {
        Rows.StartActivity(instance, item, node, node.ElementType);
        BehaviorRegistry.For(node).Execute(this, instance, item, node);
    }

    /// <summary>Completes the current activity of <paramref name="execution"/> and takes the node's outgoing flows.</summary>
    public void Leave(InstanceRuntime instance, Execution execution, FlowNode node, string? completedBy = null)
    {
        Rows.EndActivity(execution, completedBy, canceled: false);
        Rows.RemoveWaits(instance, execution);
        if (execution.Kind == ExecutionKind.MultiInstanceItem)
        {
            MultiInstanceBehavior.ItemCompleted(this, instance, execution, node);
            return;
        }
        TakeOutgoing(instance, execution, node);
    }

    /// <summary>
    /// Takes every outgoing flow whose condition holds (unconditional flows always), or the default flow when none does;
    /// no outgoing flow at all is an implicit end.
    /// </summary>
    public void TakeOutgoing(InstanceRuntime instance, Execution execution, FlowNode node)
    {
        if (node.Outgoing.Count == 0)
        {
            EndToken(instance, execution);
            return;
        }
        // Gathered only for a flow with a condition: most flows have none, and the merge copies every variable.
        Dictionary<string, System.Text.Json.Nodes.JsonNode?>? variables = null;
        var selected = node.Outgoing
            .Where(f => f != node.DefaultFlow
                        && (f.Condition is null || context.Runtime.Evaluator.EvaluateCondition(f.Condition, variables ??= instance.VisibleVariables(execution))))
            .ToList();
        if (selected.Count == 0 && node.DefaultFlow is not null)
        {
            selected.Add(node.DefaultFlow);
        }
        if (selected.Count == 0)
        {
            throw new EngineValidationException($"No outgoing sequence flow of {node} has a condition that holds, and it has no default flow.", null, EngineErrorCodes.NoFlowTaken, node.Id);
        }
        TakeFlows(instance, execution, selected);
    }

    /// <summary>Moves the token along the first flow and a new sibling token along each further flow.</summary>
    public void TakeFlows(InstanceRuntime instance, Execution execution, IReadOnlyList<SequenceFlow> flows)
    {
        execution.Kind = ExecutionKind.Token;
        for (var i = 1; i < flows.Count; i++)
        {
            var sibling = instance.AddExecution(instance.Parent(execution), ExecutionKind.Token, flows[i].Source.Id);
            Enter(instance, sibling, flows[i].Target);
        }
        Enter(instance, execution, flows[0].Target);
    }

    /// <summary>A token reached an end: remove it, and complete its scope when it was the last one there.</summary>
    public void EndToken(InstanceRuntime instance, Execution execution)
    {
        Rows.EndActivity(execution, null, canceled: false);
        Rows.RemoveWaits(instance, execution);
        var scope = instance.Parent(execution);
        instance.Executions.Remove(execution);
        if (scope is not null && instance.Children(scope).Count == 0)
        {
            CompleteScope(instance, scope);
        }
    }

    /// <summary>Every token of a scope has ended: the sub-process is left, or the instance completes.</summary>
    public void CompleteScope(InstanceRuntime instance, Execution scope)
    {
        if (scope.Kind == ExecutionKind.Root)
        {
            EndInstance(instance, InstanceStates.Completed, resumeCaller: true);
            return;
        }
        Leave(instance, scope, instance.Model.Node(scope.ActivityId!));
    }

    /// <summary>Ends the instance; a called instance hands its out-variables back and moves its caller on.</summary>
    public void EndInstance(InstanceRuntime instance, string state, bool resumeCaller)
    {
        foreach (var child in instance.Executions.Where(e => e.Kind != ExecutionKind.Root).ToList())
        {
            if (instance.Contains(child))
            {
                Cancel(instance, child);
            }
        }
        instance.Executions.Clear();
        instance.Record.State = state;
        instance.Record.EndedAt = context.NowUtc;
        if (resumeCaller && instance.Record.ParentInstanceId is { } parentId)
        {
            CallActivityBehavior.Resume(this, instance, parentId);
        }
    }

    /// <summary>Cancels the activity of <paramref name="execution"/> (inner tokens, called instance, waits) but keeps the execution.</summary>
    public void CancelActivity(InstanceRuntime instance, Execution execution)
    {
        foreach (var child in instance.Children(execution))
        {
            Cancel(instance, child);
        }
        if (execution.CalledInstanceId is { } calledId && context.LoadInstance(calledId) is { IsActive: true } called)
        {
            EndInstance(called, InstanceStates.Terminated, resumeCaller: false);
        }
        execution.CalledInstanceId = null;
        Rows.EndActivity(execution, null, canceled: true);
        Rows.RemoveWaits(instance, execution);
        execution.WaitingAtJoin = false;
    }

    /// <summary>Cancels the execution's activity and removes it.</summary>
    public void Cancel(InstanceRuntime instance, Execution execution)
    {
        CancelActivity(instance, execution);
        instance.Executions.Remove(execution);
    }
}
