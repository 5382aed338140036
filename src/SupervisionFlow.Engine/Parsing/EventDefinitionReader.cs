using System.Xml.Linq;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Engine.Parsing;

internal enum EventPosition
{
    End,
    Catch,
    Throw,
    Boundary,
}

/// <summary>Reads the event definition of an event element and checks it is allowed where the event stands.</summary>
internal sealed class EventDefinitionReader(ParseContext context)
{
    private static readonly Dictionary<EventPosition, EventTriggerKind[]> Allowed = new()
    {
        [EventPosition.End] = [EventTriggerKind.None, EventTriggerKind.Terminate, EventTriggerKind.Error, EventTriggerKind.Escalation],
        [EventPosition.Catch] = [EventTriggerKind.Timer, EventTriggerKind.Message],
        [EventPosition.Throw] = [EventTriggerKind.None, EventTriggerKind.Escalation],
        [EventPosition.Boundary] = [EventTriggerKind.Timer, EventTriggerKind.Message, EventTriggerKind.Error, EventTriggerKind.Escalation],
    };

    public EventTrigger? Read(XElement element, EventPosition position)
    {
        var definitions = element.Elements().Where(e => e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)).ToList();
        if (definitions.Count > 1)
        {
            context.Add("UNSUPPORTED_ELEMENT", element, "Events with several event definitions are not supported.");
            return null;
        }
        var definition = definitions.FirstOrDefault();
        var kind = definition?.Name.LocalName switch
        {
            null => EventTriggerKind.None,
            "timerEventDefinition" => EventTriggerKind.Timer,
            "messageEventDefinition" => EventTriggerKind.Message,
            "errorEventDefinition" => EventTriggerKind.Error,
            "escalationEventDefinition" => EventTriggerKind.Escalation,
            "terminateEventDefinition" => EventTriggerKind.Terminate,
            _ => (EventTriggerKind?)null,
        };
        var where = $"{element.Name.LocalName}";
        if (kind is null || !Allowed[position].Contains(kind.Value))
        {
            var what = definition?.Name.LocalName ?? "no event definition";
            context.Add("UNSUPPORTED_ELEMENT", element, $"A {where} with {what} is not supported.");
            return null;
        }
        return kind.Value switch
        {
            EventTriggerKind.Timer => ReadTimer(element, definition!),
            EventTriggerKind.Message => ReadMessage(element, definition!),
            EventTriggerKind.Error => ReadCode(element, definition!, "errorRef", context.ErrorCodes, "ERROR_UNKNOWN", EventTriggerKind.Error, position),
            EventTriggerKind.Escalation => ReadCode(element, definition!, "escalationRef", context.EscalationCodes, "ESCALATION_UNKNOWN", EventTriggerKind.Escalation, position),
            EventTriggerKind.Terminate => new EventTrigger(EventTriggerKind.Terminate),
            _ => EventTrigger.None,
        };
    }

    public EventTrigger? ReadMessage(XElement element, XElement definition)
    {
        var name = MessageName(element, (string?)definition.Attribute("messageRef"));
        return name is null ? null : new EventTrigger(EventTriggerKind.Message, MessageName: name);
    }

    /// <summary>Resolves a <c>messageRef</c> to the declared message's name; records MESSAGE_UNKNOWN otherwise.</summary>
    public string? MessageName(XElement element, string? messageRef)
    {
        if (messageRef is not null && context.Messages.TryGetValue(messageRef, out var name))
        {
            return name;
        }
        context.Add("MESSAGE_UNKNOWN", element, messageRef is null
            ? "The message event names no message (messageRef missing)."
            : $"messageRef '{messageRef}' names no <message> declared in the file.");
        return null;
    }

    private EventTrigger? ReadCode(
        XElement element, XElement definition, string attribute, Dictionary<string, string?> declared, string code,
        EventTriggerKind kind, EventPosition position)
    {
        var reference = (string?)definition.Attribute(attribute);
        if (reference is null)
        {
            if (position == EventPosition.Boundary)
            {
                return new EventTrigger(kind); // a boundary without a reference catches every code
            }
            context.Add(code, element, $"The {kind.ToString().ToLowerInvariant()} event needs an {attribute}.");
            return null;
        }
        if (!declared.TryGetValue(reference, out var value))
        {
            context.Add(code, element, $"{attribute} '{reference}' names no declared <{kind.ToString().ToLowerInvariant()}>.");
            return null;
        }
        return new EventTrigger(kind, Code: value ?? reference);
    }

    private EventTrigger? ReadTimer(XElement element, XElement definition)
    {
        var spec = definition.Elements().Select(e => e.Name.LocalName switch
        {
            "timeDate" => new TimerSpec(TimerKind.Date, e.Value.Trim()),
            "timeDuration" => new TimerSpec(TimerKind.Duration, e.Value.Trim()),
            "timeCycle" => new TimerSpec(TimerKind.Cycle, e.Value.Trim()),
            _ => null,
        }).FirstOrDefault(s => s is not null);
        if (spec is null || spec.Text.Length == 0)
        {
            context.Add("TIMER_INVALID", element, "The timer has no timeDate, timeDuration or timeCycle value.");
            return null;
        }
        if (ExpressionText.ContainsExpression(spec.Text))
        {
            var before = context.Errors.Count;
            context.CheckExpression(element, "The timer", spec.Text);
            return context.Errors.Count == before ? new EventTrigger(EventTriggerKind.Timer, spec) : null;
        }
        if (TimerSchedule.TryResolve(spec.Kind, spec.Text, DateTimeOffset.UnixEpoch, out var error) is null)
        {
            context.Add("TIMER_INVALID", element, error!);
            return null;
        }
        return new EventTrigger(EventTriggerKind.Timer, spec);
    }
}
