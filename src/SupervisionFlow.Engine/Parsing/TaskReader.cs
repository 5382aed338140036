using System.Xml.Linq;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Parsing;

/// <summary>Reads user, service, send and receive tasks and call activities with their Camunda attributes.</summary>
internal sealed class TaskReader(ParseContext context)
{
    public UserTaskNode ReadUserTask(XElement element, string id, string? name, int line)
    {
        string? Attr(string attribute)
        {
            var value = ParseContext.Camunda(element, attribute);
            context.CheckExpression(element, $"camunda:{attribute}", value);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        var node = new UserTaskNode(id, name, line)
        {
            Assignee = Attr("assignee"),
            CandidateUsers = Attr("candidateUsers"),
            CandidateGroups = Attr("candidateGroups"),
            DueDate = Attr("dueDate"),
            FollowUpDate = Attr("followUpDate"),
            Priority = Attr("priority"),
            FormKey = ParseContext.Camunda(element, "formKey"),
            FormFields = ReadFormFields(element),
        };
        CheckDate(element, "dueDate", node.DueDate);
        CheckDate(element, "followUpDate", node.FollowUpDate);
        if (node.Priority is { } priority && !ExpressionText.ContainsExpression(priority) && !int.TryParse(priority, out _))
        {
            context.Add("EXPRESSION_INVALID", element, $"camunda:priority '{priority}' is neither a number nor an expression.");
        }
        return node;
    }

    private void CheckDate(XElement element, string attribute, string? value)
    {
        if (value is null || ExpressionText.ContainsExpression(value))
        {
            return;
        }
        if (!Timers.TimerSchedule.TryParseDate(value, out _) && !Timers.IsoDuration.TryParse(value, out _))
        {
            context.Add("EXPRESSION_INVALID", element,
                $"camunda:{attribute} '{value}' is not an ISO 8601 date-time, an ISO 8601 period (P5D) or an expression.");
        }
    }

    private List<FormField> ReadFormFields(XElement element)
    {
        var fields = new List<FormField>();
        var formData = element.Element(BpmnNames.Bpmn + "extensionElements")?.Element(BpmnNames.Camunda + "formData");
        foreach (var field in formData?.Elements(BpmnNames.Camunda + "formField") ?? [])
        {
            var fieldId = (string?)field.Attribute("id");
            var typeText = (string?)field.Attribute("type") ?? "string";
            FormFieldType? type = typeText switch
            {
                "string" => FormFieldType.String,
                "long" => FormFieldType.Long,
                "boolean" => FormFieldType.Boolean,
                "date" => FormFieldType.Date,
                "enum" => FormFieldType.Enum,
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(fieldId) || type is null)
            {
                context.Add("FORM_FIELD_INVALID", element.Attribute("id")?.Value, ParseContext.Line(field),
                    string.IsNullOrWhiteSpace(fieldId)
                        ? "A camunda:formField has no id."
                        : $"Form field '{fieldId}' has type '{typeText}'; supported: string, long, boolean, date, enum.");
                continue;
            }
            var required = field.Element(BpmnNames.Camunda + "validation")?.Elements(BpmnNames.Camunda + "constraint")
                .Any(c => (string?)c.Attribute("name") == "required" && (string?)c.Attribute("config") != "false") ?? false;
            var values = field.Elements(BpmnNames.Camunda + "value")
                .Select(v => new FormEnumValue((string?)v.Attribute("id") ?? "", (string?)v.Attribute("name")))
                .ToList();
            if (type == FormFieldType.Enum && values.Count == 0)
            {
                context.Add("FORM_FIELD_INVALID", element.Attribute("id")?.Value, ParseContext.Line(field), $"Enum form field '{fieldId}' lists no camunda:value.");
            }
            fields.Add(new FormField(fieldId, (string?)field.Attribute("label"), type.Value, required, values));
        }
        return fields;
    }

    public ServiceTaskNode? ReadServiceTask(XElement element, string id, string? name, int line)
    {
        var delegateExpression = ParseContext.Camunda(element, "delegateExpression");
        if (string.IsNullOrWhiteSpace(delegateExpression))
        {
            var other = new[] { "class", "expression", "type", "topic" }.FirstOrDefault(a => ParseContext.Camunda(element, a) is not null);
            context.Add("DELEGATE_MISSING", element, other is null
                ? $"The {element.Name.LocalName} needs camunda:delegateExpression=\"${{handlerName}}\"."
                : $"camunda:{other} is not supported; use camunda:delegateExpression=\"${{handlerName}}\" naming a registered handler.");
            return null;
        }
        var handler = ExpressionText.WholeExpression(delegateExpression)?.Trim();
        if (handler is null || !System.Text.RegularExpressions.Regex.IsMatch(handler, @"^[A-Za-z_$][\w$]*$"))
        {
            context.Add("EXPRESSION_INVALID", element, $"camunda:delegateExpression '{delegateExpression}' must be ${{name}} naming a handler.");
            return null;
        }
        if (context.CheckHandlers && !context.Handlers.Contains(handler))
        {
            context.Add("HANDLER_UNKNOWN", element, $"No service-task handler named '{handler}' is registered.");
            return null;
        }
        return new ServiceTaskNode(id, name, element.Name.LocalName, line, handler);
    }

    public ReceiveTaskNode? ReadReceiveTask(XElement element, string id, string? name, int line)
    {
        var messageRef = (string?)element.Attribute("messageRef");
        if (messageRef is null || !context.Messages.TryGetValue(messageRef, out var messageName))
        {
            context.Add("MESSAGE_UNKNOWN", element, messageRef is null
                ? "The receive task names no message (messageRef missing)."
                : $"messageRef '{messageRef}' names no <message> declared in the file.");
            return null;
        }
        return new ReceiveTaskNode(id, name, line, messageName);
    }

    public CallActivityNode? ReadCallActivity(XElement element, string id, string? name, int line)
    {
        var called = (string?)element.Attribute("calledElement");
        if (string.IsNullOrWhiteSpace(called))
        {
            context.Add("CALLED_ELEMENT_MISSING", element, "The call activity needs calledElement (the key of the process to call).");
            return null;
        }
        context.CheckExpression(element, "calledElement", called);
        var binding = ParseContext.Camunda(element, "calledElementBinding")?.Trim() ?? "latest";
        var version = ParseContext.Camunda(element, "calledElementVersion")?.Trim();
        if (binding is not ("latest" or "version"))
        {
            context.Add("CALLED_ELEMENT_BINDING_UNSUPPORTED", element,
                $"camunda:calledElementBinding '{binding}' is not supported: use 'latest' (the default) or 'version' with camunda:calledElementVersion.");
        }
        else if (binding == "version" && string.IsNullOrEmpty(version))
        {
            context.Add("CALLED_ELEMENT_BINDING_UNSUPPORTED", element, "camunda:calledElementBinding 'version' needs camunda:calledElementVersion (a number or an expression).");
        }
        context.CheckExpression(element, "camunda:calledElementVersion", version);
        var extensions = element.Element(BpmnNames.Bpmn + "extensionElements");
        string? businessKey = null;
        var ins = new List<VariableMapping>();
        foreach (var mapping in extensions?.Elements(BpmnNames.Camunda + "in") ?? [])
        {
            if ((string?)mapping.Attribute("businessKey") is { } key)
            {
                businessKey = key;
                context.CheckExpression(element, "camunda:in businessKey", key);
                continue;
            }
            ins.Add(ReadMapping(element, mapping));
        }
        var outs = (extensions?.Elements(BpmnNames.Camunda + "out") ?? []).Select(m => ReadMapping(element, m)).ToList();
        return new CallActivityNode(id, name, line, called.Trim())
        {
            InMappings = ins, OutMappings = outs, BusinessKeyExpression = businessKey, VersionExpression = binding == "version" ? version : null,
        };
    }

    private VariableMapping ReadMapping(XElement element, XElement mapping)
    {
        var all = (string?)mapping.Attribute("variables") == "all";
        var source = (string?)mapping.Attribute("source");
        var sourceExpression = (string?)mapping.Attribute("sourceExpression");
        var target = (string?)mapping.Attribute("target");
        context.CheckExpression(element, $"camunda:{mapping.Name.LocalName} sourceExpression", sourceExpression);
        if (!all && (target is null || (source is null && sourceExpression is null)))
        {
            context.Add("EXPRESSION_INVALID", element, $"camunda:{mapping.Name.LocalName} needs source (or sourceExpression) and target, or variables=\"all\".");
        }
        return new VariableMapping(source, sourceExpression, target, all);
    }
}
