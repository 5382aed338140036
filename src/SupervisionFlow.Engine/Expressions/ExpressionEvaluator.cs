using System.Dynamic;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Parser;

namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// Evaluates <c>${…}</c> expressions as ES5 JavaScript with Jint 2.10.4. Each evaluation gets a fresh interpreter
/// (about 0.1 ms) so no state leaks between instances; process variables are globals, host functions are
/// registered, and a time and statement limit stop runaway scripts.
/// </summary>
public sealed class ExpressionEvaluator(ExpressionFunctions functions, TimeSpan timeout, int maxStatements)
{
    public ExpressionFunctions Functions => functions;

    /// <summary>Returns a syntax error message for the text's expressions, or null when they parse.</summary>
    public static string? CheckSyntax(string text)
    {
        try
        {
            foreach (var part in ExpressionText.Split(text))
            {
                if (part.IsExpression)
                {
                    if (string.IsNullOrWhiteSpace(part.Text))
                    {
                        return "empty expression";
                    }
                    new JavaScriptParser().Parse(part.Text);
                }
            }
            return null;
        }
        catch (ParserException e)
        {
            return e.Message;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>Evaluates text: a whole <c>${…}</c> keeps its type (string, double, bool, DateTime, object[] …); mixed text is a string.</summary>
    public object? Evaluate(string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var parts = ExpressionText.Split(text);
        if (parts is [{ IsExpression: true } whole])
        {
            return Run(whole.Text, variables);
        }
        if (parts.All(p => !p.IsExpression))
        {
            return text;
        }
        return string.Concat(parts.Select(p => p.IsExpression ? Convert.ToString(Run(p.Text, variables), System.Globalization.CultureInfo.InvariantCulture) : p.Text));
    }

    /// <summary>Evaluates a condition; the result must be a boolean.</summary>
    public bool EvaluateCondition(string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var value = Evaluate(text, variables);
        return value is bool b ? b : throw new ExpressionException(text, $"a condition must give true or false, it gave {Describe(value)}");
    }

    private object? Run(string script, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        try
        {
            var engine = new Jint.Engine(o => o.TimeoutInterval(timeout).MaxStatements(maxStatements).LocalTimeZone(TimeZoneInfo.Utc));
            foreach (var (name, function) in functions.All)
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
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception e) when (e is Jint.Runtime.JavaScriptException or ParserException or Jint.Runtime.StatementsCountOverflowException
                                  or TimeoutException or Jint.Runtime.RecursionDepthOverflowException or ArgumentException
                                  or InvalidOperationException or FormatException or System.Reflection.TargetInvocationException)
        {
            var message = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner.Message : e.Message;
            throw new ExpressionException(script, message, e);
        }
    }

    /// <summary>Converts a stored JSON value to the CLR shape Jint turns into JavaScript values.</summary>
    public static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(ToClr).ToArray(),
        JsonObject obj => ToExpando(obj),
        // By JSON kind, not CLR type: a value built in code (JsonValue.Create(5)) and one parsed from storage must read the same.
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.Number => double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            System.Text.Json.JsonValueKind.String => System.Text.Json.JsonSerializer.Deserialize<string>(value.ToJsonString()),
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

    private static string Describe(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
