using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>
/// Multi-instance activities: the arriving token becomes the root holding one execution per item (all at once, or one
/// after another when sequential), with <c>nrOfInstances</c>, <c>nrOfCompletedInstances</c>, <c>nrOfActiveInstances</c>
/// on the root and the element variable and <c>loopCounter</c> on each item.
/// </summary>
internal static class MultiInstanceBehavior
{
    public static void Start(Executor executor, InstanceRuntime instance, Execution.Execution root, FlowNode node)
    {
        var spec = node.MultiInstance!;
        var items = Items(executor, instance, root, node, spec);
        root.Kind = ExecutionKind.MultiInstanceRoot;
        root.Items = items;
        root.Variables = new JsonObject
        {
            ["nrOfInstances"] = items.Count,
            ["nrOfCompletedInstances"] = 0,
            ["nrOfActiveInstances"] = spec.IsSequential ? Math.Min(1, items.Count) : items.Count,
        };
        if (items.Count == 0)
        {
            Finish(executor, instance, root, node);
            return;
        }
        var count = spec.IsSequential ? 1 : items.Count;
        for (var i = 0; i < count; i++)
        {
            StartItem(executor, instance, root, node, i);
        }
    }

    private static JsonArray Items(Executor executor, InstanceRuntime instance, Execution.Execution root, FlowNode node, MultiInstanceSpec spec)
    {
        var variables = instance.VisibleVariables(root);
        var evaluator = executor.Context.Runtime.Evaluator;
        if (spec.Collection is not null)
        {
            var value = Expressions.ExpressionText.ContainsExpression(spec.Collection)
                ? evaluator.Evaluate(spec.Collection, variables)
                : Expressions.ExpressionEvaluator.ToClr(variables.GetValueOrDefault(spec.Collection));
            return value switch
            {
                null => [],
                object[] array => new JsonArray(array.Select(CallActivityBehavior.JsonValueFrom).ToArray()),
                string text => new JsonArray(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (JsonNode?)s).ToArray()),
                _ => throw new EngineValidationException($"camunda:collection of {node} gave {value}, not a list.", null, EngineErrorCodes.BadRuntimeValue, node.Id),
            };
        }
        var cardinality = evaluator.Evaluate(spec.LoopCardinality!, variables);
        var n = cardinality switch
        {
            double d => (int)d,
            int i => i,
            string s when int.TryParse(s, CultureInfo.InvariantCulture, out var i) => i,
            _ => throw new EngineValidationException($"loopCardinality of {node} gave {cardinality}, not a number.", null, EngineErrorCodes.BadRuntimeValue, node.Id),
        };
        return new JsonArray(Enumerable.Range(0, Math.Max(0, n)).Select(_ => (JsonNode?)null).ToArray());
    }

    private static void StartItem(Executor executor, InstanceRuntime instance, Execution.Execution root, FlowNode node, int index)
    {
        var item = instance.AddExecution(root, ExecutionKind.MultiInstanceItem, node.Id);
        item.Variables = new JsonObject { ["loopCounter"] = index };
        if (node.MultiInstance!.ElementVariable is { } elementVariable)
        {
            item.Variables[elementVariable] = root.Items![index]?.DeepClone();
        }
        executor.Context.Schedule(() =>
        {
            if (instance.Contains(item))
            {
                executor.EnterItem(instance, item, node);
            }
        });
    }

    /// <summary>One item finished: count it, check the completion condition, start the next sequential item or finish.</summary>
    public static void ItemCompleted(Executor executor, InstanceRuntime instance, Execution.Execution item, FlowNode node)
    {
        var root = instance.Parent(item)!;
        var spec = node.MultiInstance!;
        var total = (int)root.Variables!["nrOfInstances"]!;
        var completed = (int)root.Variables["nrOfCompletedInstances"]! + 1;
        root.Variables["nrOfCompletedInstances"] = completed;
        root.Variables["nrOfActiveInstances"] = (int)root.Variables["nrOfActiveInstances"]! - 1;
        var conditionHolds = spec.CompletionCondition is not null
            && executor.Context.Runtime.Evaluator.EvaluateCondition(spec.CompletionCondition, instance.VisibleVariables(item));
        instance.Executions.Remove(item);
        if (conditionHolds || completed >= total)
        {
            Finish(executor, instance, root, node);
            return;
        }
        if (spec.IsSequential)
        {
            root.Variables["nrOfActiveInstances"] = 1;
            StartItem(executor, instance, root, node, completed);
        }
    }

    private static void Finish(Executor executor, InstanceRuntime instance, Execution.Execution root, FlowNode node)
    {
        foreach (var remaining in instance.Children(root))
        {
            executor.Cancel(instance, remaining);
        }
        root.Variables = null;
        root.Items = null;
        executor.Leave(instance, root, node);
    }
}
