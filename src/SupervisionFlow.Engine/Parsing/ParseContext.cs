using System.Xml;
using System.Xml.Linq;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Tasks;

namespace SupervisionFlow.Engine.Parsing;

/// <summary>State shared while one file is parsed: declared messages/errors/escalations and the problems found.</summary>
internal sealed class ParseContext(ServiceTaskHandlers handlers)
{
    public List<DeploymentError> Errors { get; } = [];

    public Dictionary<string, string> Messages { get; } = [];

    public Dictionary<string, string?> ErrorCodes { get; } = [];

    public Dictionary<string, string?> EscalationCodes { get; } = [];

    public ServiceTaskHandlers Handlers => handlers;

    public DeploymentLimits Limits { get; init; } = DeploymentLimits.None;

    /// <summary>The caller's token: a deployment whose client went away stops between elements.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>False when re-reading a deployed definition: handlers may be registered later than deployment.</summary>
    public bool CheckHandlers { get; init; } = true;

    public static int Line(XElement element) => ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : 0;

    public void Add(string code, XElement element, string message) =>
        Errors.Add(new DeploymentError(code, (string?)element.Attribute("id"), Line(element), message));

    public void Add(string code, string? elementId, int line, string message) =>
        Errors.Add(new DeploymentError(code, elementId, line, message));

    /// <summary>Records EXPRESSION_INVALID when <paramref name="text"/> holds a <c>${…}</c> that does not parse.</summary>
    public void CheckExpression(XElement element, string what, string? text)
    {
        if (!ExpressionText.ContainsExpression(text))
        {
            return;
        }
        var problem = ExpressionEvaluator.CheckSyntax(text!);
        if (problem is not null)
        {
            Add("EXPRESSION_INVALID", element, $"{what} '{text}' is not a valid expression: {problem}");
        }
    }

    public static string? Camunda(XElement element, string name) => (string?)element.Attribute(BpmnNames.Camunda + name);
}
