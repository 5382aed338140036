using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>Exclusive gateway: the first flow (in file order) whose condition holds, else the default flow.</summary>
internal sealed class ExclusiveGatewayBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        executor.Rows.EndActivity(token, null, canceled: false);
        var variables = instance.VisibleVariables(token);
        var evaluator = executor.Context.Runtime.Evaluator;
        var chosen = node.Outgoing.FirstOrDefault(f => f != node.DefaultFlow && (f.Condition is null || evaluator.EvaluateCondition(f.Condition, variables)))
                     ?? node.DefaultFlow
                     ?? throw new EngineValidationException($"No condition of {node} holds and it has no default flow.", null, EngineErrorCodes.NoFlowTaken, node.Id);
        executor.TakeFlows(instance, token, [chosen]);
    }
}

/// <summary>Parallel gateway: the join waits for a token on every incoming flow, then forks to every outgoing flow.</summary>
internal sealed class ParallelGatewayBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        if (node.Incoming.Count > 1)
        {
            token.WaitingAtJoin = true;
            var arrived = instance.Executions.Where(e => e.ParentId == token.ParentId && e.ActivityId == node.Id && e.WaitingAtJoin).ToList();
            if (arrived.Count < node.Incoming.Count)
            {
                return;
            }
            foreach (var other in arrived.Where(e => e != token))
            {
                executor.Rows.EndActivity(other, null, canceled: false);
                instance.Executions.Remove(other);
            }
            token.WaitingAtJoin = false;
        }
        executor.Rows.EndActivity(token, null, canceled: false);
        executor.TakeFlows(instance, token, node.Outgoing);
    }
}

/// <summary>
/// Inclusive gateway: forks to every flow whose condition holds (default when none); the join waits until no other
/// token of the same scope can still reach it.
/// </summary>
internal sealed class InclusiveGatewayBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        if (node.Incoming.Count > 1)
        {
            token.WaitingAtJoin = true;
            TryJoin(executor, instance, token, (InclusiveGatewayNode)node);
            return;
        }
        Fork(executor, instance, token, node);
    }

    /// <summary>Fires the join when no token outside it can arrive any more; true when it fired.</summary>
    public static bool TryJoin(Executor executor, InstanceRuntime instance, Execution.Execution token, InclusiveGatewayNode node)
    {
        var siblings = instance.Executions.Where(e => e.ParentId == token.ParentId && e != token).ToList();
        var waiting = siblings.Where(e => e.ActivityId == node.Id && e.WaitingAtJoin).ToList();
        var canStillArrive = siblings.Except(waiting).Any(e => e.ActivityId is not null && instance.Model.CanReach(e.ActivityId, node.Id));
        if (canStillArrive)
        {
            return false;
        }
        foreach (var other in waiting)
        {
            executor.Rows.EndActivity(other, null, canceled: false);
            instance.Executions.Remove(other);
        }
        token.WaitingAtJoin = false;
        Fork(executor, instance, token, node);
        return true;
    }

    private static void Fork(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        executor.Rows.EndActivity(token, null, canceled: false);
        executor.TakeOutgoing(instance, token, node);
    }
}
