namespace SupervisionFlow.Engine.Model;

/// <summary>
/// A BPMN flow node (event, activity or gateway) of a parsed, validated process definition.
/// Instances are built once by the parser and never change afterwards, so they are shared by every
/// process instance running that definition version.
/// </summary>
public abstract class FlowNode
{
    private readonly List<SequenceFlow> _incoming = [];
    private readonly List<SequenceFlow> _outgoing = [];
    private readonly List<BoundaryEventNode> _boundaryEvents = [];

    protected FlowNode(string id, string? name, string elementType, int line)
    {
        Id = id;
        Name = name;
        ElementType = elementType;
        Line = line;
    }

    /// <summary>The element's <c>id</c> attribute.</summary>
    public string Id { get; }

    /// <summary>The element's <c>name</c> attribute.</summary>
    public string? Name { get; }

    /// <summary>The BPMN element's local name (<c>userTask</c>, <c>exclusiveGateway</c> …).</summary>
    public string ElementType { get; }

    /// <summary>Line of the element in the deployed XML, for messages.</summary>
    public int Line { get; }

    /// <summary>The sub-process that contains this node, or null at process level.</summary>
    public SubProcessNode? Parent { get; internal set; }

    public IReadOnlyList<SequenceFlow> Incoming => _incoming;

    public IReadOnlyList<SequenceFlow> Outgoing => _outgoing;

    /// <summary>Boundary events attached to this activity.</summary>
    public IReadOnlyList<BoundaryEventNode> BoundaryEvents => _boundaryEvents;

    /// <summary>Multi-instance loop characteristics, when the activity has them.</summary>
    public MultiInstanceSpec? MultiInstance { get; internal set; }

    /// <summary>The <c>default</c> sequence flow of a gateway or activity.</summary>
    public SequenceFlow? DefaultFlow { get; internal set; }

    internal void AddIncoming(SequenceFlow flow) => _incoming.Add(flow);

    internal void AddOutgoing(SequenceFlow flow) => _outgoing.Add(flow);

    internal void AddBoundaryEvent(BoundaryEventNode boundary) => _boundaryEvents.Add(boundary);

    public override string ToString() => $"{ElementType} '{Id}'";
}

/// <summary>A BPMN <c>sequenceFlow</c>, optionally with a <c>conditionExpression</c>.</summary>
public sealed class SequenceFlow(string id, string? name, FlowNode source, FlowNode target, string? condition, int line)
{
    public string Id { get; } = id;

    public string? Name { get; } = name;

    public FlowNode Source { get; } = source;

    public FlowNode Target { get; } = target;

    /// <summary>The condition expression text (<c>${…}</c>), or null when unconditional.</summary>
    public string? Condition { get; } = condition;

    public int Line { get; } = line;
}
