using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Parsing;

/// <summary>Checks on the connected graph: ways in and out, and reachability from the start event.</summary>
internal static class GraphRules
{
    public static void Check(FlowNode node, ParseContext context)
    {
        switch (node)
        {
            case ExclusiveGatewayNode or ParallelGatewayNode or InclusiveGatewayNode when node.Outgoing.Count == 0:
                context.Add("GATEWAY_NO_OUTGOING", node.Id, node.Line, "The gateway has no outgoing sequence flow: tokens would have no way out.");
                break;
            case StartEventNode when node.Incoming.Count > 0:
                context.Add("START_EVENT_INCOMING", node.Id, node.Line, "A start event must not have incoming sequence flows.");
                break;
            case SubProcessNode sub when sub.Children.Count == 0:
                context.Add("START_EVENT_MISSING", node.Id, node.Line, "The sub-process is empty.");
                break;
        }
        if (node is ExclusiveGatewayNode or InclusiveGatewayNode && node.Outgoing.Count > 1
            && node.Outgoing.Count(f => f.Condition is null && f != node.DefaultFlow) > 0)
        {
            var unconditional = node.Outgoing.First(f => f.Condition is null && f != node.DefaultFlow);
            context.Add("EXPRESSION_INVALID", unconditional.Id, unconditional.Line,
                $"Sequence flow '{unconditional.Id}' leaves a splitting gateway '{node.Id}' without a condition and is not its default flow.");
        }
    }

    /// <summary>Records UNREACHABLE for every node of a scope (and nested scopes) that no path from its start reaches.</summary>
    public static void CheckReachable(StartEventNode start, IReadOnlyList<FlowNode> scopeNodes, ParseContext context)
    {
        var seen = new HashSet<FlowNode> { start };
        var queue = new Queue<FlowNode>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in node.Outgoing.Select(f => f.Target).Concat(node.BoundaryEvents))
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }
        foreach (var node in scopeNodes)
        {
            if (!seen.Contains(node))
            {
                context.Add("UNREACHABLE", node.Id, node.Line, $"{node.ElementType} '{node.Id}' cannot be reached from the start event.");
            }
            if (node is SubProcessNode sub && sub.Start is not null)
            {
                CheckReachable(sub.Start, sub.Children, context);
            }
        }
    }
}
