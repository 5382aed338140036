using System.Xml.Linq;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Parsing;

/// <summary>Builds one flow node from its element, checking its attributes and event definition.</summary>
internal sealed class ElementReader(ParseContext context)
{
    private readonly TaskReader _tasks = new(context);
    private readonly EventDefinitionReader _events = new(context);

    public FlowNode? Read(XElement element)
    {
        var id = (string)element.Attribute("id")!;
        var name = (string?)element.Attribute("name");
        var line = ParseContext.Line(element);
        var localName = element.Name.LocalName;
        if (BpmnNames.Unsupported.TryGetValue(localName, out var advice))
        {
            context.Add("UNSUPPORTED_ELEMENT", element, $"<{localName}> is not supported: {advice}.");
            return null;
        }
        FlowNode? node = localName switch
        {
            "startEvent" => ReadStart(element, id, name, line),
            "endEvent" => _events.Read(element, EventPosition.End) is { } end ? new EndEventNode(id, name, line, end) : null,
            "intermediateCatchEvent" => _events.Read(element, EventPosition.Catch) is { } c ? new IntermediateCatchEventNode(id, name, line, c) : null,
            "intermediateThrowEvent" => _events.Read(element, EventPosition.Throw) is { } t ? new IntermediateThrowEventNode(id, name, line, t) : null,
            "boundaryEvent" => _events.Read(element, EventPosition.Boundary) is { } b
                ? new BoundaryEventNode(id, name, line, b, (string?)element.Attribute("cancelActivity") != "false")
                : null,
            "userTask" => _tasks.ReadUserTask(element, id, name, line),
            "serviceTask" or "sendTask" => _tasks.ReadServiceTask(element, id, name, line),
            "receiveTask" => _tasks.ReadReceiveTask(element, id, name, line),
            "callActivity" => _tasks.ReadCallActivity(element, id, name, line),
            "subProcess" => ReadSubProcess(element, id, name, line),
            "exclusiveGateway" => new ExclusiveGatewayNode(id, name, line),
            "parallelGateway" => new ParallelGatewayNode(id, name, line),
            "inclusiveGateway" => new InclusiveGatewayNode(id, name, line),
            _ => Unsupported(element),
        };
        if (node is not null && !ReadLoop(element, node))
        {
            return null;
        }
        return node;
    }

    private FlowNode? Unsupported(XElement element)
    {
        context.Add("UNSUPPORTED_ELEMENT", element, $"<{element.Name.LocalName}> is not supported by the engine.");
        return null;
    }

    private StartEventNode? ReadStart(XElement element, string id, string? name, int line)
    {
        var definition = element.Elements().FirstOrDefault(e => e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal));
        if (definition is not null)
        {
            context.Add("UNSUPPORTED_ELEMENT", element,
                $"Start events with a {definition.Name.LocalName} are not supported; use a none start event (start instances through the API or a message to a waiting instance).");
            return null;
        }
        return new StartEventNode(id, name, line);
    }

    private SubProcessNode? ReadSubProcess(XElement element, string id, string? name, int line)
    {
        if ((string?)element.Attribute("triggeredByEvent") == "true")
        {
            context.Add("UNSUPPORTED_ELEMENT", element, "Event sub-processes are not supported; use boundary events on a sub-process.");
            return null;
        }
        return new SubProcessNode(id, name, line);
    }

    private bool ReadLoop(XElement element, FlowNode node)
    {
        var loop = element.Element(BpmnNames.Bpmn + "multiInstanceLoopCharacteristics");
        if (loop is null)
        {
            if (element.Element(BpmnNames.Bpmn + "standardLoopCharacteristics") is { } standard)
            {
                context.Add("UNSUPPORTED_ELEMENT", standard, $"<standardLoopCharacteristics> on '{node.Id}': {BpmnNames.Unsupported["standardLoopCharacteristics"]}.");
                return false;
            }
            return true;
        }
        if (node is not (UserTaskNode or ServiceTaskNode or ReceiveTaskNode or SubProcessNode or CallActivityNode))
        {
            context.Add("MULTI_INSTANCE_INVALID", element, "Multi-instance is supported on tasks, sub-processes and call activities only.");
            return false;
        }
        var collection = ParseContext.Camunda(loop, "collection");
        var cardinality = loop.Element(BpmnNames.Bpmn + "loopCardinality")?.Value.Trim();
        var completion = loop.Element(BpmnNames.Bpmn + "completionCondition")?.Value.Trim();
        if (string.IsNullOrEmpty(collection) && string.IsNullOrEmpty(cardinality))
        {
            context.Add("MULTI_INSTANCE_INVALID", element, "Multi-instance needs camunda:collection or <loopCardinality>.");
            return false;
        }
        context.CheckExpression(element, "camunda:collection", collection);
        context.CheckExpression(element, "loopCardinality", cardinality);
        context.CheckExpression(element, "completionCondition", completion);
        if (!string.IsNullOrEmpty(cardinality) && !ExpressionText.ContainsExpression(cardinality) && !int.TryParse(cardinality, out _))
        {
            context.Add("MULTI_INSTANCE_INVALID", element, $"loopCardinality '{cardinality}' is neither a number nor an expression.");
        }
        node.MultiInstance = new MultiInstanceSpec(
            (string?)loop.Attribute("isSequential") == "true",
            string.IsNullOrEmpty(collection) ? null : collection,
            ParseContext.Camunda(loop, "elementVariable"),
            string.IsNullOrEmpty(cardinality) ? null : cardinality,
            string.IsNullOrEmpty(completion) ? null : completion);
        return true;
    }
}
