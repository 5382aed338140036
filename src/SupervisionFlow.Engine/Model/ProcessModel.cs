namespace SupervisionFlow.Engine.Model;

/// <summary>An executable BPMN <c>process</c>, parsed and validated.</summary>
public sealed class ProcessModel
{
    private readonly Dictionary<string, FlowNode> _nodes;
    private readonly Dictionary<string, HashSet<string>> _reachable = [];

    internal ProcessModel(string key, string? name, StartEventNode start, IReadOnlyList<FlowNode> topLevel, Dictionary<string, FlowNode> nodes)
    {
        Key = key;
        Name = name;
        Start = start;
        TopLevel = topLevel;
        _nodes = nodes;
        foreach (var node in nodes.Values)
        {
            _reachable[node.Id] = ComputeReachable(node);
        }
    }

    /// <summary>The process id, used as the definition key.</summary>
    public string Key { get; }

    public string? Name { get; }

    public StartEventNode Start { get; }

    public IReadOnlyList<FlowNode> TopLevel { get; }

    public IReadOnlyCollection<FlowNode> Nodes => _nodes.Values;

    public FlowNode Node(string id) =>
        _nodes.TryGetValue(id, out var node) ? node : throw new InvalidOperationException($"Unknown element '{id}' in process '{Key}'.");

    public bool TryGetNode(string id, out FlowNode node) => _nodes.TryGetValue(id, out node!);

    /// <summary>
    /// True when a token at <paramref name="fromId"/> can still reach <paramref name="toId"/> in the same scope,
    /// through sequence flows or the boundary events of the activities on the way. The inclusive join uses it.
    /// </summary>
    public bool CanReach(string fromId, string toId) => _reachable[fromId].Contains(toId);

    private static HashSet<string> ComputeReachable(FlowNode from)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<FlowNode>();
        Push(from);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var flow in node.Outgoing)
            {
                if (seen.Add(flow.Target.Id))
                {
                    stack.Push(flow.Target);
                }
            }
            foreach (var boundary in node.BoundaryEvents)
            {
                if (seen.Add(boundary.Id))
                {
                    stack.Push(boundary);
                }
            }
        }
        return seen;

        void Push(FlowNode n) => stack.Push(n);
    }
}
