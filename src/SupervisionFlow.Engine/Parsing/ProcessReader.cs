using System.Xml.Linq;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Parsing;

/// <summary>Reads one <c>process</c>: its scopes, flow nodes and sequence flows, then checks the graph.</summary>
internal sealed class ProcessReader(ParseContext context)
{
    private readonly Dictionary<string, FlowNode> _nodes = [];
    private readonly Dictionary<string, XElement> _ids = [];
    private readonly Dictionary<FlowNode, SubProcessNode?> _scopeOf = [];

    // Elements rejected for their own reasons: flows to them are not reported again as pointing nowhere.
    private readonly HashSet<string> _rejected = [];
    private readonly ElementReader _elements = new(context);

    public ProcessModel? Read(XElement process)
    {
        var errorsBefore = context.Errors.Count;
        var key = (string?)process.Attribute("id");
        if (string.IsNullOrWhiteSpace(key))
        {
            context.Add("MISSING_ID", process, "The <process> has no id; the id is the definition key.");
            return null;
        }
        CollectIds(process);
        var (start, topLevel) = ReadScope(process, null, depth: 0);
        foreach (var node in _nodes.Values)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            GraphRules.Check(node, context);
        }
        if (start is not null)
        {
            GraphRules.CheckReachable(start, topLevel, context);
        }
        if (context.Errors.Count > errorsBefore || start is null)
        {
            return null;
        }
        return new ProcessModel(key, (string?)process.Attribute("name"), start, topLevel, _nodes);
    }

    private void CollectIds(XElement process)
    {
        foreach (var element in process.Descendants().Where(e => e.Name.Namespace == BpmnNames.Bpmn))
        {
            var id = (string?)element.Attribute("id");
            if (id is null)
            {
                if (IsFlowElement(element))
                {
                    context.Add("MISSING_ID", element, $"A <{element.Name.LocalName}> has no id.");
                }
                continue;
            }
            if (!_ids.TryAdd(id, element))
            {
                context.Add("DUPLICATE_ID", element, $"The id '{id}' is used more than once (first on line {ParseContext.Line(_ids[id])}).");
            }
        }
    }

    private static bool IsFlowElement(XElement element) =>
        element.Name.LocalName is "sequenceFlow" or "startEvent" or "endEvent" or "userTask" or "serviceTask" or "sendTask"
            or "receiveTask" or "subProcess" or "callActivity" or "exclusiveGateway" or "parallelGateway" or "inclusiveGateway"
            or "intermediateCatchEvent" or "intermediateThrowEvent" or "boundaryEvent";

    /// <summary>Reads the nodes and flows directly inside <paramref name="container"/>; <paramref name="depth"/> counts the sub-processes around it.</summary>
    private (StartEventNode? Start, List<FlowNode> Nodes) ReadScope(XElement container, SubProcessNode? scope, int depth)
    {
        var nodes = new List<FlowNode>();
        var flows = new List<XElement>();
        var boundaries = new List<(BoundaryEventNode Node, XElement Element)>();
        var defaults = new List<(FlowNode Node, string FlowId, XElement Element)>();
        foreach (var element in container.Elements())
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (element.Name.Namespace != BpmnNames.Bpmn || BpmnNames.Ignored.Contains(element.Name.LocalName))
            {
                continue;
            }
            var id = (string?)element.Attribute("id");
            if (element.Name.LocalName == "sequenceFlow")
            {
                flows.Add(element);
                continue;
            }
            if (id is null)
            {
                continue;
            }
            var node = _elements.Read(element);
            if (node is SubProcessNode && depth + 1 > context.Limits.MaxSubProcessDepth)
            {
                // One error at the outermost level too deep; what lies inside is not read at all.
                context.Add("SUBPROCESS_TOO_DEEP", element,
                    $"The sub-process is nested {depth + 1} levels deep; at most {context.Limits.MaxSubProcessDepth} are accepted (Engine:DeploymentMaxSubProcessDepth).");
                node = null;
            }
            if (node is null)
            {
                _rejected.Add(id);
                continue;
            }
            if (_nodes.ContainsKey(id))
            {
                continue;
            }
            _nodes[id] = node;
            _scopeOf[node] = scope;
            node.Parent = scope;
            nodes.Add(node);
            scope?.AddChild(node);
            if (node is BoundaryEventNode boundary)
            {
                boundaries.Add((boundary, element));
            }
            if ((string?)element.Attribute("default") is { } defaultFlow)
            {
                defaults.Add((node, defaultFlow, element));
            }
            if (node is SubProcessNode subProcess)
            {
                var (innerStart, _) = ReadScope(element, subProcess, depth + 1);
                if (innerStart is not null)
                {
                    subProcess.Start = innerStart;
                }
            }
        }
        ConnectFlows(flows, scope);
        AttachBoundaries(boundaries, scope);
        foreach (var (node, flowId, element) in defaults)
        {
            node.DefaultFlow = node.Outgoing.FirstOrDefault(f => f.Id == flowId);
            if (node.DefaultFlow is null)
            {
                context.Add("DEFAULT_FLOW_INVALID", element, $"The default flow '{flowId}' is not an outgoing sequence flow of '{node.Id}'.");
            }
            else if (node.DefaultFlow.Condition is not null)
            {
                context.Add("DEFAULT_FLOW_INVALID", element, $"The default flow '{flowId}' must not have a condition.");
            }
        }
        var starts = nodes.OfType<StartEventNode>().ToList();
        var where = scope is null ? $"process" : $"sub-process '{scope.Id}'";
        var containerLine = ParseContext.Line(container);
        if (starts.Count == 0)
        {
            context.Add("START_EVENT_MISSING", scope?.Id ?? (string?)container.Attribute("id"), containerLine, $"The {where} has no none start event.");
            return (null, nodes);
        }
        if (starts.Count > 1)
        {
            context.Add("START_EVENT_MULTIPLE", starts[1].Id, starts[1].Line, $"The {where} has {starts.Count} start events; exactly one is supported.");
        }
        return (starts[0], nodes);
    }

    private void ConnectFlows(List<XElement> flows, SubProcessNode? scope)
    {
        foreach (var element in flows)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var id = (string?)element.Attribute("id");
            var source = Resolve(element, "sourceRef", "FLOW_SOURCE_MISSING", scope);
            var target = Resolve(element, "targetRef", "FLOW_TARGET_MISSING", scope);
            if (source is EndEventNode end)
            {
                context.Add("END_EVENT_OUTGOING", end.Id, end.Line, $"An end event must not have outgoing sequence flows (flow '{id}').");
            }
            var condition = element.Element(BpmnNames.Bpmn + "conditionExpression")?.Value.Trim();
            if (string.IsNullOrEmpty(condition))
            {
                condition = null;
            }
            context.CheckExpression(element, "The condition", condition);
            if (condition is not null && !Expressions.ExpressionText.ContainsExpression(condition))
            {
                context.Add("EXPRESSION_INVALID", element, $"The condition '{condition}' must be a ${{…}} expression.");
            }
            if (id is null || source is null || target is null)
            {
                continue;
            }
            var flow = new SequenceFlow(id, (string?)element.Attribute("name"), source, target, condition, ParseContext.Line(element));
            source.AddOutgoing(flow);
            target.AddIncoming(flow);
        }
    }

    private FlowNode? Resolve(XElement flow, string attribute, string code, SubProcessNode? scope)
    {
        var reference = (string?)flow.Attribute(attribute);
        if (reference is not null && _rejected.Contains(reference))
        {
            return null;
        }
        if (reference is null || !_nodes.TryGetValue(reference, out var node))
        {
            context.Add(code, flow, $"The sequence flow's {attribute} '{reference}' names no flow node.");
            return null;
        }
        if (_scopeOf[node] != scope)
        {
            context.Add("FLOW_CROSSES_SCOPE", flow, $"The sequence flow connects '{reference}' across a sub-process boundary.");
            return null;
        }
        return node;
    }

    private void AttachBoundaries(List<(BoundaryEventNode Node, XElement Element)> boundaries, SubProcessNode? scope)
    {
        foreach (var (boundary, element) in boundaries)
        {
            var reference = (string?)element.Attribute("attachedToRef");
            if (reference is null || !_nodes.TryGetValue(reference, out var host) || _scopeOf[host] != scope
                || host is not (UserTaskNode or ServiceTaskNode or ReceiveTaskNode or SubProcessNode or CallActivityNode))
            {
                context.Add("BOUNDARY_INVALID", element,
                    $"The boundary event's attachedToRef '{reference}' must name a task, sub-process or call activity in the same scope.");
                continue;
            }
            boundary.AttachedTo = host;
            host.AddBoundaryEvent(boundary);
        }
    }
}
