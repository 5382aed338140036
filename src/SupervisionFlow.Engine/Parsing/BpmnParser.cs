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

    /// <summary>Once this many problems are listed, the rest are only counted, so a broken huge file gets a short answer.</summary>
    public const int MaxListedErrors = 100;

    public static Result Parse(
        string xml, ServiceTaskHandlers handlers, DeploymentLimits limits, bool checkHandlers = true, CancellationToken cancellationToken = default)
    {
        var context = new ParseContext(handlers) { CheckHandlers = checkHandlers, Limits = limits, Cancellation = cancellationToken };
        if (CheckSize(xml, limits, context) is { } refused)
        {
            return refused;
        }
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            context.Add("XML_INVALID", null, e.LineNumber, $"The file is not well-formed XML: {e.Message}");
            return new Result([], context.Errors);
        }
        var result = ParseDocument(document, context);
        return result.Errors.Count <= MaxListedErrors
            ? result
            : new Result([], [.. result.Errors.Take(MaxListedErrors),
                new DeploymentError("TOO_MANY_ERRORS", null, null, $"{result.Errors.Count - MaxListedErrors} more problem(s) not listed.")]);
    }

    /// <summary>
    /// No DTDs at all (a BPMN file never needs one): entity expansion ("billion laughs") and external entities are
    /// refused at the first <c>&lt;!DOCTYPE</c>, before anything is expanded or fetched.
    /// </summary>
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        MaxCharactersFromEntities = 1024,
    };

    /// <summary>A streaming pass over the file that stops at the first limit crossed; nothing is kept.</summary>
    private static Result? CheckSize(string xml, DeploymentLimits limits, ParseContext context)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(xml);
        if (bytes > limits.MaxBytes)
        {
            context.Add("FILE_TOO_LARGE", null, 0, $"The file has {bytes} bytes; at most {limits.MaxBytes} are accepted (Engine:DeploymentMaxBytes).");
            return new Result([], context.Errors);
        }
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
            var elements = 0;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                context.Cancellation.ThrowIfCancellationRequested();
                var line = ((IXmlLineInfo)reader).LineNumber;
                if (++elements > limits.MaxElements)
                {
                    context.Add("TOO_MANY_ELEMENTS", null, line, $"The file has more than {limits.MaxElements} XML elements (Engine:DeploymentMaxElements).");
                    return new Result([], context.Errors);
                }
                if (reader.Depth >= limits.MaxDepth)
                {
                    context.Add("NESTED_TOO_DEEP", null, line, $"The file nests elements deeper than {limits.MaxDepth} levels (Engine:DeploymentMaxDepth).");
                    return new Result([], context.Errors);
                }
            }
        }
        catch (XmlException e) when (DeclaresDtd(xml))
        {
            // The reader's own message suggests enabling DTDs; a modeller needs to hear the opposite.
            context.Add("DTD_PROHIBITED", null, e.LineNumber,
                "The file declares a DTD (<!DOCTYPE …>); BPMN files never need one, and DTDs are refused so entity expansion cannot exhaust the host. Remove the declaration.");
            return new Result([], context.Errors);
        }
        catch (XmlException)
        {
            // Reported with its line by the full load that follows.
        }
        return null;
    }

    /// <summary>A DOCTYPE can only stand in the prolog; where the reader stopped on a file that has one, that was the cause.</summary>
    private static bool DeclaresDtd(string xml) => xml.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);

    private static Result ParseDocument(XDocument document, ParseContext context)
    {
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
            context.Cancellation.ThrowIfCancellationRequested();
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
