using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Engine.Model;

/// <summary>What an event waits for or throws.</summary>
public enum EventTriggerKind
{
    None,
    Timer,
    Message,
    Error,
    Escalation,
    Terminate,
}

/// <summary>The event definition of an event node (timer, message name, error or escalation code).</summary>
public sealed record EventTrigger(EventTriggerKind Kind, TimerSpec? Timer = null, string? MessageName = null, string? Code = null)
{
    public static readonly EventTrigger None = new(EventTriggerKind.None);
}

/// <summary>A none start event (<c>startEvent</c> without an event definition).</summary>
public sealed class StartEventNode(string id, string? name, int line) : FlowNode(id, name, "startEvent", line);

/// <summary>An end event: none, terminate, error or escalation.</summary>
public sealed class EndEventNode(string id, string? name, int line, EventTrigger trigger) : FlowNode(id, name, "endEvent", line)
{
    public EventTrigger Trigger { get; } = trigger;
}

/// <summary>An intermediate catch event waiting for a timer or a message.</summary>
public sealed class IntermediateCatchEventNode(string id, string? name, int line, EventTrigger trigger)
    : FlowNode(id, name, "intermediateCatchEvent", line)
{
    public EventTrigger Trigger { get; } = trigger;
}

/// <summary>An intermediate throw event: none (a pass-through) or escalation.</summary>
public sealed class IntermediateThrowEventNode(string id, string? name, int line, EventTrigger trigger)
    : FlowNode(id, name, "intermediateThrowEvent", line)
{
    public EventTrigger Trigger { get; } = trigger;
}

/// <summary>A boundary event attached to an activity: timer, message, error or escalation.</summary>
public sealed class BoundaryEventNode(string id, string? name, int line, EventTrigger trigger, bool cancelActivity)
    : FlowNode(id, name, "boundaryEvent", line)
{
    public EventTrigger Trigger { get; } = trigger;

    /// <summary>Interrupting (true, the BPMN default) or not (<c>cancelActivity="false"</c>).</summary>
    public bool CancelActivity { get; } = cancelActivity;

    public FlowNode AttachedTo { get; internal set; } = null!;
}
