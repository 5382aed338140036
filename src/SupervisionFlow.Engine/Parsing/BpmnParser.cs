using System.Xml;
using System.Xml.Linq;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Tasks;

namespace SupervisionFlow.Engine.Parsing;

/// <summary>
/// Turns a BPMN 2.0 file into validated <see cref="ProcessModel"/>s. Every problem is collected (not just the
/// first) so a modeller can fix a file in one round; any problem means nothing is deployed.
/// </summary>
internal static class BpmnParser
{
    public sealed record Result(IReadOnlyList<ProcessModel> Processes, IReadOnlyList<DeploymentError> Errors);

    public static Result Parse(string xml, ServiceTaskHandlers handlers, bool checkHandlers = true)
    {
        var context = new ParseContext(handlers) { CheckHandlers = checkHandlers };
        XDocument document;
        try
        {
            document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            context.Add("XML_INVALID", null, e.LineNumber, $"The file is not well-formed XML: {e.Message}");
            return new Result([], context.Errors);
        }
        var root = document.Root!;
        if (root.Name != BpmnNames.Bpmn + "definitions")
        {
            context.Add("NOT_BPMN", null, ParseContext.Line(root),
                $"The root element is '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}'; a BPMN 2.0 file has <definitions> in {BpmnNames.Bpmn.NamespaceName}.");
            return new Result([], context.Errors);
        }
        ReadDeclarations(root, context);
        var processes = new List<ProcessModel>();
        foreach (var process in root.Elements(BpmnNames.Bpmn + "process"))
        {
            if ((string?)process.Attribute("isExecutable") == "false")
            {
                continue;
            }
            var model = new ProcessReader(context).Read(process);
            if (model is not null)
            {
                processes.Add(model);
            }
        }
        if (processes.Count == 0 && context.Errors.Count == 0)
        {
            context.Add("NO_EXECUTABLE_PROCESS", null, ParseContext.Line(root), "The file has no executable <process> (isExecutable=\"true\").");
        }
        return new Result(context.Errors.Count == 0 ? processes : [], context.Errors);
    }

    private static void ReadDeclarations(XElement root, ParseContext context)
    {
        foreach (var message in root.Elements(BpmnNames.Bpmn + "message"))
        {
            if ((string?)message.Attribute("id") is { } id)
            {
                context.Messages[id] = (string?)message.Attribute("name") ?? id;
            }
        }
        foreach (var error in root.Elements(BpmnNames.Bpmn + "error"))
        {
            if ((string?)error.Attribute("id") is { } id)
            {
                context.ErrorCodes[id] = (string?)error.Attribute("errorCode");
            }
        }
        foreach (var escalation in root.Elements(BpmnNames.Bpmn + "escalation"))
        {
            if ((string?)escalation.Attribute("id") is { } id)
            {
                context.EscalationCodes[id] = (string?)escalation.Attribute("escalationCode");
            }
        }
    }
}
