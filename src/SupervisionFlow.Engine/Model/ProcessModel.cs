using System.Collections;
using System.Collections.Concurrent;

namespace SupervisionFlow.Engine.Model;

/// <summary>An executable BPMN <c>process</c>, parsed and validated.</summary>
public sealed class ProcessModel
{
    private readonly Dictionary<string, FlowNode> _nodes;
    private readonly Dictionary<string, int> _ordinal = [];

    // Per join target, the nodes that can still reach it; built on first use. A set per source node (what this
    // replaced) cost the square of the file's size at deploy time: 8,000 tasks in a chain took 3 GB.
    private readonly ConcurrentDictionary<string, BitArray> _canReachTarget = new();

    internal ProcessModel(string key, string? name, StartEventNode start, IReadOnlyList<FlowNode> topLevel, Dictionary<string, FlowNode> nodes)
    {
        Key = key;
        Name = name;
        Start = start;
        TopLevel = topLevel;
        _nodes = nodes;
        HasInclusiveGateway = nodes.Values.Any(n => n is InclusiveGatewayNode);
        foreach (var id in nodes.Keys)
        {
            _ordinal[id] = _ordinal.Count;
        }
    }

    /// <summary>The process id, used as the definition key.</summary>
    public string Key { get; }

    public string? Name { get; }

    public StartEventNode Start { get; }

    public IReadOnlyList<FlowNode> TopLevel { get; }

    public IReadOnlyCollection<FlowNode> Nodes => _nodes.Values;

    /// <summary>False when no token can ever wait at an inclusive join: the executor then skips its check after every step.</summary>
    internal bool HasInclusiveGateway { get; }

    public FlowNode Node(string id) =>
        _nodes.TryGetValue(id, out var node) ? node : throw new InvalidOperationException($"Unknown element '{id}' in process '{Key}'.");

    public bool TryGetNode(string id, out FlowNode node) => _nodes.TryGetValue(id, out node!);

    /// <summary>
    /// True when a token at <paramref name="fromId"/> can still reach <paramref name="toId"/> in the same scope,
    /// through sequence flows or the boundary events of the activities on the way. The inclusive join uses it.
    /// </summary>
    public bool CanReach(string fromId, string toId) =>
        _ordinal.TryGetValue(fromId, out var from) && _canReachTarget.GetOrAdd(toId, ComputeReaching)[from];

    /// <summary>One walk backwards from <paramref name="targetId"/>: along incoming flows, and from a boundary event to its host.</summary>
    private BitArray ComputeReaching(string targetId)
    {
        var reaching = new BitArray(_ordinal.Count);
        var stack = new Stack<FlowNode>();
        Push(Node(targetId));
        while (stack.Count > 0)
        {
            Push(stack.Pop());
        }
        return reaching;

        void Push(FlowNode node)
        {
            foreach (var flow in node.Incoming)
            {
                Visit(flow.Source);
            }
            if (node is BoundaryEventNode { AttachedTo: { } host })
            {
                Visit(host);
            }
        }

        void Visit(FlowNode predecessor)
        {
            var index = _ordinal[predecessor.Id];
            if (!reaching[index])
            {
                reaching[index] = true;
                stack.Push(predecessor);
            }
        }
    }
}
