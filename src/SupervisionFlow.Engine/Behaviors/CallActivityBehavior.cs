using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>
/// Call activity: starts the latest version of the called process in the same command, passing variables
/// (<c>camunda:in</c>) and the business key on; when the called instance ends, <c>camunda:out</c> variables come back.
/// </summary>
internal sealed class CallActivityBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        var call = (CallActivityNode)node;
        var context = executor.Context;
        var definition = context.Db.Set<ProcessDefinitionRecord>()
                             .Where(d => d.Key == call.CalledElement)
                             .OrderByDescending(d => d.Version)
                             .FirstOrDefault()
                         ?? throw new EngineValidationException($"{node} calls '{call.CalledElement}', but no process with that key is deployed.");
        var model = context.Runtime.Model(definition);
        var parentVariables = instance.VisibleVariables(token);
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
