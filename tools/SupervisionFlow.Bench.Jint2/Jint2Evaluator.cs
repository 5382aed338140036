using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint.Native;
using SupervisionFlow.Engine.Expressions;

namespace SupervisionFlow.Bench.Jint2;

/// <summary>
/// The engine's evaluator as it ran on Jint 2.10.4, reduced to what the benchmark needs: a new interpreter per
/// evaluation with the time and statement limits (Jint 2 has no memory limit), host functions and variables set as
/// globals (JSON turned into CLR values first), the script parsed on every run, the completion value as a CLR value.
/// </summary>
internal sealed class Jint2Evaluator(IReadOnlyDictionary<string, Delegate> functions)
{
    public object? Evaluate(string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var parts = ExpressionText.Split(text);
        if (parts is [{ IsExpression: true } whole])
        {
            return Run(whole.Text, variables);
        }
        return string.Concat(parts.Select(p => p.IsExpression ? Convert.ToString(Run(p.Text, variables), CultureInfo.InvariantCulture) : p.Text));
    }

    private object? Run(string script, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var engine = new Jint.Engine(o => o.TimeoutInterval(TimeSpan.FromSeconds(2)).MaxStatements(10_000).LocalTimeZone(TimeZoneInfo.Utc));
        foreach (var (name, function) in functions)
        {
            engine.SetValue(name, function);
        }
        foreach (var (name, value) in variables)
        {
            engine.SetValue(name, JsValue.FromObject(engine, ToClr(value)));
        }
        var result = engine.Execute(script).GetCompletionValue();
        return result.IsUndefined() || result.IsNull() ? null : result.ToObject();
    }

    private static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(ToClr).ToArray(),
        JsonObject obj => ToExpando(obj),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.String => JsonSerializer.Deserialize<string>(value.ToJsonString()),
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    private static ExpandoObject ToExpando(JsonObject obj)
    {
        var expando = new ExpandoObject();
        IDictionary<string, object?> dictionary = expando;
        foreach (var (key, value) in obj)
        {
            dictionary[key] = ToClr(value);
        }
        return expando;
    }
}
