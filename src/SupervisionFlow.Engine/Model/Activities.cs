namespace SupervisionFlow.Engine.Model;

/// <summary>A <c>userTask</c> with the Camunda 7 task attributes SupervisionFlow supports.</summary>
public sealed class UserTaskNode(string id, string? name, int line) : FlowNode(id, name, "userTask", line)
{
    public string? Assignee { get; init; }

    public string? CandidateUsers { get; init; }

    public string? CandidateGroups { get; init; }

    /// <summary>Due date: an ISO date-time, an ISO period counted from creation, or an expression.</summary>
    public string? DueDate { get; init; }

    public string? FollowUpDate { get; init; }

    public string? Priority { get; init; }

    public string? FormKey { get; init; }

    public IReadOnlyList<FormField> FormFields { get; init; } = [];
}

/// <summary>A <c>serviceTask</c> or <c>sendTask</c> run by a host handler named in <c>camunda:delegateExpression</c>.</summary>
public sealed class ServiceTaskNode(string id, string? name, string elementType, int line, string handlerName)
    : FlowNode(id, name, elementType, line)
{
    public string HandlerName { get; } = handlerName;
}

/// <summary>A <c>receiveTask</c> waiting for a message.</summary>
public sealed class ReceiveTaskNode(string id, string? name, int line, string messageName) : FlowNode(id, name, "receiveTask", line)
{
    public string MessageName { get; } = messageName;
}

/// <summary>An embedded <c>subProcess</c>: a scope with its own start event.</summary>
public sealed class SubProcessNode(string id, string? name, int line) : FlowNode(id, name, "subProcess", line)
{
    private readonly List<FlowNode> _children = [];

    public IReadOnlyList<FlowNode> Children => _children;

    public StartEventNode Start { get; internal set; } = null!;

    internal void AddChild(FlowNode node) => _children.Add(node);
}

/// <summary>
/// A <c>callActivity</c> starting <see cref="CalledElement"/> — a process key, or an expression giving one — at its
/// latest version, or at the version <see cref="VersionExpression"/> gives (<c>camunda:calledElementBinding="version"</c>).
/// </summary>
public sealed class CallActivityNode(string id, string? name, int line, string calledElement) : FlowNode(id, name, "callActivity", line)
{
    public string CalledElement { get; } = calledElement;

    /// <summary><c>camunda:calledElementVersion</c> (a number or an expression); null or an empty result means the latest version.</summary>
    public string? VersionExpression { get; init; }

    public IReadOnlyList<VariableMapping> InMappings { get; init; } = [];

    public IReadOnlyList<VariableMapping> OutMappings { get; init; } = [];

    /// <summary>True when a <c>camunda:in businessKey=…</c> passes the business key on (default: passed on).</summary>
    public string? BusinessKeyExpression { get; init; }
}

/// <summary>One <c>camunda:in</c>/<c>camunda:out</c> mapping; <c>variables="all"</c> copies every variable.</summary>
public sealed record VariableMapping(string? Source, string? SourceExpression, string? Target, bool All);

/// <summary>Gateway kinds.</summary>
public sealed class ExclusiveGatewayNode(string id, string? name, int line) : FlowNode(id, name, "exclusiveGateway", line);

public sealed class ParallelGatewayNode(string id, string? name, int line) : FlowNode(id, name, "parallelGateway", line);

public sealed class InclusiveGatewayNode(string id, string? name, int line) : FlowNode(id, name, "inclusiveGateway", line);

/// <summary><c>multiInstanceLoopCharacteristics</c>.</summary>
public sealed record MultiInstanceSpec(
    bool IsSequential,
    string? Collection,
    string? ElementVariable,
    string? LoopCardinality,
    string? CompletionCondition);

/// <summary>A <c>camunda:formField</c>.</summary>
public sealed record FormField(string Id, string? Label, FormFieldType Type, bool Required, IReadOnlyList<FormEnumValue> EnumValues);

public sealed record FormEnumValue(string Id, string? Name);

public enum FormFieldType
{
    String,
    Long,
    Boolean,
    Date,
    Enum,
}
