using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Execution;

/// <summary>Boundary events, error and escalation propagation, terminate end events.</summary>
internal sealed partial class Executor
{
    /// <summary>
    /// A boundary event fires on the activity that <paramref name="attached"/> executes. Interrupting: the activity
    /// is cancelled and its token leaves through the boundary event. Non-interrupting: a new token does.
    /// </summary>
    public void TriggerBoundary(InstanceRuntime instance, Execution attached, BoundaryEventNode boundary)
    {
        Execution token;
        if (boundary.CancelActivity)
        {
            CancelActivity(instance, attached);
            attached.Kind = ExecutionKind.Token;
            attached.Variables = null;
            attached.Items = null;
            token = attached;
        }
        else
        {
            token = instance.AddExecution(instance.Parent(attached), ExecutionKind.Token, boundary.Id);
        }
        token.ActivityId = boundary.Id;
        Rows.StartActivity(instance, token, boundary, boundary.ElementType);
        Leave(instance, token, boundary);
    }

    /// <summary>
    /// Throws a BPMN error from <paramref name="from"/> (the activity that failed, or the scope around an error end event)
    /// up through enclosing scopes and calling instances. Returns false when no error boundary event catches it.
    /// </summary>
    public bool ThrowError(InstanceRuntime instance, Execution from, string? code) =>
        Propagate(instance, from, EventTriggerKind.Error, code, out _);

    /// <summary>Throws an escalation; returns true when the throwing token may continue (uncaught or caught non-interrupting).</summary>
    public bool ThrowEscalation(InstanceRuntime instance, Execution from, string? code)
    {
        var caught = Propagate(instance, from, EventTriggerKind.Escalation, code, out var interrupting);
        return !caught || !interrupting;
    }

    private bool Propagate(InstanceRuntime instance, Execution from, EventTriggerKind kind, string? code, out bool interrupting)
    {
        interrupting = false;
        var current = from;
        var currentInstance = instance;
        while (true)
        {
            if (current.Kind == ExecutionKind.Root)
            {
                var parentId = currentInstance.Record.ParentInstanceId;
                var caller = parentId is null ? null : context.LoadInstance(parentId);
                var callerExecution = caller?.Find(currentInstance.Record.ParentExecutionId);
                if (caller is null || callerExecution is null)
                {
                    return false;
                }
                currentInstance = caller;
                current = callerExecution;
                continue;
            }
            if (current.Kind != ExecutionKind.MultiInstanceItem && current.ActivityId is not null
                && currentInstance.Model.Node(current.ActivityId) is var node
                && FindCatch(node, kind, code) is { } boundary)
            {
                interrupting = boundary.CancelActivity;
                TriggerBoundary(currentInstance, current, boundary);
                return true;
            }
            var parent = currentInstance.Parent(current);
            if (parent is null)
            {
                return false;
            }
            current = parent;
        }
    }

    private static BoundaryEventNode? FindCatch(FlowNode node, EventTriggerKind kind, string? code)
    {
        var candidates = node.BoundaryEvents.Where(b => b.Trigger.Kind == kind).ToList();
        return candidates.FirstOrDefault(b => b.Trigger.Code is not null && b.Trigger.Code == code)
               ?? candidates.FirstOrDefault(b => b.Trigger.Code is null);
    }

    /// <summary>A terminate end event ends every token of its scope: the whole instance at process level.</summary>
    public void Terminate(InstanceRuntime instance, Execution token)
    {
        Rows.EndActivity(token, null, canceled: false);
        var scope = instance.Parent(token)!;
        if (scope.Kind == ExecutionKind.Root)
        {
            EndInstance(instance, InstanceStates.Terminated, resumeCaller: true);
            return;
        }
        foreach (var child in instance.Children(scope))
        {
            Cancel(instance, child);
        }
        CompleteScope(instance, scope);
    }

    /// <summary>Fires inclusive joins no other token can still reach; true when one fired (more steps queued).</summary>
    public bool ReleaseInclusiveJoins()
    {
        var fired = false;
        // Checked after every step of a command: a timer batch holds hundreds of instances, most without an inclusive join.
        foreach (var instance in context.Instances.Where(i => i.IsActive && i.Model.HasInclusiveGateway).ToList())
        {
            var waiting = instance.Executions
                .Where(e => e.WaitingAtJoin && e.ActivityId is not null && instance.Model.Node(e.ActivityId) is InclusiveGatewayNode)
                .ToList();
            foreach (var execution in waiting)
            {
                if (instance.Contains(execution) && execution.WaitingAtJoin
                    && InclusiveGatewayBehavior.TryJoin(this, instance, execution, (InclusiveGatewayNode)instance.Model.Node(execution.ActivityId!)))
                {
                    fired = true;
                }
            }
        }
        return fired;
    }
}
