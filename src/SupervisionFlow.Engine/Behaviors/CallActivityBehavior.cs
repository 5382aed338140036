using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>
/// Call activity: starts the called process (its key and version may come from expressions over the caller's
/// variables, so a domain decision such as 重点督办 can choose the process) in the same command, passing variables
/// (<c>camunda:in</c>) and the business key on; when the called instance ends, <c>camunda:out</c> variables come back.
/// </summary>
internal sealed class CallActivityBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        var call = (CallActivityNode)node;
        var context = executor.Context;
        var parentVariables = instance.VisibleVariables(token);
        var (key, version) = Target(executor, call, parentVariables);
        var definition = context.CalledDefinition(key, version)
                         ?? throw new EngineValidationException(version is null
                             ? $"{node} calls '{key}', but no process with that key is deployed."
                             : $"{node} calls '{key}' version {version}, but that version is not deployed.", null, EngineErrorCodes.DefinitionNotFound, node.Id);
        var model = context.Runtime.Model(context.Db, definition.Id);
        var variables = new JsonObject();
        foreach (var mapping in call.InMappings)
        {
            if (mapping.All)
            {
                foreach (var (name, value) in parentVariables)
                {
                    variables[name] = value?.DeepClone();
                }
                continue;
            }
            variables[mapping.Target!] = Source(executor, mapping, parentVariables);
        }
        var businessKey = instance.Record.BusinessKey;
        if (call.BusinessKeyExpression is { } keyExpression)
        {
            var withExecution = new Dictionary<string, JsonNode?>(parentVariables)
            {
                ["execution"] = new JsonObject { ["processBusinessKey"] = businessKey, ["processInstanceId"] = instance.Id },
            };
            businessKey = Convert.ToString(context.Runtime.Evaluator.Evaluate(keyExpression.Replace("#{", "${", StringComparison.Ordinal), withExecution), CultureInfo.InvariantCulture);
        }
        var called = InstanceFactory.Create(context, definition, model, businessKey, variables, instance.Id, token.Id);
        token.CalledInstanceId = called.Id;
        InstanceFactory.Begin(executor, called);
    }

    /// <summary>The called key and version (null: latest), evaluating the expressions among the caller's variables.</summary>
    private static (string Key, int? Version) Target(Executor executor, CallActivityNode call, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var evaluator = executor.Context.Runtime.Evaluator;
        var key = ExpressionText.ContainsExpression(call.CalledElement)
            ? Convert.ToString(evaluator.Evaluate(call.CalledElement, variables), CultureInfo.InvariantCulture)?.Trim()
            : call.CalledElement;
        if (string.IsNullOrEmpty(key))
        {
            throw new EngineValidationException($"{call} calledElement '{call.CalledElement}' gave no process key.", null, EngineErrorCodes.BadRuntimeValue, call.Id);
        }
        if (call.VersionExpression is not { } versionText)
        {
            return (key, null);
        }
        var value = ExpressionText.ContainsExpression(versionText) ? evaluator.Evaluate(versionText, variables) : versionText;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (key, null);
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) && version > 0
            ? (key, version)
            : throw new EngineValidationException($"{call} camunda:calledElementVersion '{versionText}' gave '{text}', not a version number.", null, EngineErrorCodes.BadRuntimeValue, call.Id);
    }

    private static JsonNode? Source(Executor executor, VariableMapping mapping, IReadOnlyDictionary<string, JsonNode?> variables) =>
        mapping.Source is not null
            ? variables.GetValueOrDefault(mapping.Source)?.DeepClone()
            : JsonValueFrom(executor.Context.Runtime.Evaluator.Evaluate(mapping.SourceExpression!, variables));

    /// <summary>Converts an expression result to a JSON value.</summary>
    public static JsonNode? JsonValueFrom(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        DateTime date => JsonValue.Create(DateTime.SpecifyKind(date, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)),
        _ => System.Text.Json.JsonSerializer.SerializeToNode(value),
    };

    /// <summary>The called instance ended: copy <c>camunda:out</c> variables to the caller and move its token on.</summary>
    public static void Resume(Executor executor, InstanceRuntime called, string callerId)
    {
        var caller = executor.Context.LoadInstance(callerId);
        var token = caller?.Find(called.Record.ParentExecutionId);
        if (caller is null || token is null || token.CalledInstanceId != called.Id)
        {
            return;
        }
        token.CalledInstanceId = null;
        var node = (CallActivityNode)caller.Model.Node(token.ActivityId!);
        var childVariables = called.VisibleVariables(null);
        foreach (var mapping in node.OutMappings)
        {
            if (mapping.All)
            {
                foreach (var (name, value) in childVariables)
                {
                    caller.SetVariable(token, name, value);
                    executor.Context.RecordVariable(caller, name, value, token.ActivityInstanceId);
                }
                continue;
            }
            var mapped = Source(executor, mapping, childVariables);
            caller.SetVariable(token, mapping.Target!, mapped);
            executor.Context.RecordVariable(caller, mapping.Target!, mapped, token.ActivityInstanceId);
        }
        executor.Context.Schedule(() =>
        {
            if (caller.Contains(token))
            {
                executor.Leave(caller, token, node);
            }
        });
    }
}
