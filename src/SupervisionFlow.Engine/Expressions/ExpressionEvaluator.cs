using System.Dynamic;
using System.Globalization;
using System.Text.Json.Nodes;
using Jint;
using JintEngine = Jint.Engine;
using Jint.Runtime;

namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// Evaluates <c>${…}</c> expressions as JavaScript (ES2015+) with Jint 4. Process variables are globals, host functions
/// are registered, and time, statement, recursion and memory limits stop runaway scripts with an
/// <see cref="ExpressionException"/> whose <see cref="ExpressionException.Code"/> names the limit. Scripts are parsed
/// once per text and engines are pooled; thread-safe.
/// </summary>
public sealed class ExpressionEvaluator
{
    // Far above the distinct expression texts of every deployed version of every process (see PreparedScriptCache).
    private const int PreparedScriptCapacity = 10_000;

    private readonly PreparedScriptCache _scripts = new(PreparedScriptCapacity);
    private readonly ExpressionEnginePool _engines;

    public ExpressionEvaluator(ExpressionFunctions functions, ExpressionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(limits);
        Functions = functions;
        Limits = limits;
        _engines = new ExpressionEnginePool(functions, limits);
    }

    /// <summary>An evaluator with the given time and statement limits and the default recursion and memory limits.</summary>
    public ExpressionEvaluator(ExpressionFunctions functions, TimeSpan timeout, int maxStatements)
        : this(functions, ExpressionLimits.Default with { Timeout = timeout, MaxStatements = maxStatements })
    {
    }

    public ExpressionFunctions Functions { get; }

    public ExpressionLimits Limits { get; }

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
                    JintEngine.PrepareScript(part.Text);
                }
            }
            return null;
        }
        catch (ScriptPreparationException e)
        {
            return e.InnerException?.Message ?? e.Message;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>Evaluates text: a whole <c>${…}</c> keeps its type (string, double, bool, DateTime, object[] …); mixed text is a string.</summary>
    public object? Evaluate(string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var parts = Split(text);
        if (parts is [{ IsExpression: true } whole])
        {
            return Run(whole.Text, variables);
        }
        if (parts.All(p => !p.IsExpression))
        {
            return text;
        }
        return string.Concat(parts.Select(p => p.IsExpression ? Convert.ToString(Run(p.Text, variables), CultureInfo.InvariantCulture) : p.Text));
    }

    /// <summary>Evaluates a condition; the result must be a boolean.</summary>
    public bool EvaluateCondition(string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var value = Evaluate(text, variables);
        return value is bool b
            ? b
            : throw new ExpressionException(text, $"a condition must give true or false, it gave {Describe(value)}", code: ExpressionErrorCodes.NotBoolean);
    }

    private static IReadOnlyList<ExpressionText.Part> Split(string text)
    {
        try
        {
            return ExpressionText.Split(text);
        }
        catch (FormatException e)
        {
            throw new ExpressionException(text, e.Message, e, ExpressionErrorCodes.Syntax);
        }
    }

    private object? Run(string script, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        Prepared<Acornima.Ast.Script> prepared;
        try
        {
            prepared = _scripts.Get(script);
        }
        catch (ScriptPreparationException e)
        {
            throw new ExpressionException(script, e.InnerException?.Message ?? e.Message, e, ExpressionErrorCodes.Syntax);
        }
        var engine = _engines.Rent();
        object? result;
        try
        {
            result = engine.Evaluate(prepared, variables);
        }
        catch (ExpressionException)
        {
            throw; // a host function evaluating an expression of its own already said what failed
        }
        catch (Exception e) when (e is JintException or TimeoutException or ArgumentException or InvalidOperationException
                                      or FormatException or System.Reflection.TargetInvocationException)
        {
            throw Describe(script, e);
        }
        _engines.Return(engine);
        return result;
    }

    private ExpressionException Describe(string script, Exception e) => e switch
    {
        MemoryLimitExceededException => new ExpressionException(script,
            $"allocated more than {Limits.MemoryBytes / 1024.0 / 1024.0:0.#} MB (Engine:ExpressionMemoryLimitBytes = {Limits.MemoryBytes}) and was stopped",
            e, ExpressionErrorCodes.MemoryLimit),
        TimeoutException => new ExpressionException(script,
            $"ran longer than {Limits.Timeout.TotalSeconds:0.###} s (Engine:ExpressionTimeout) and was stopped", e, ExpressionErrorCodes.Timeout),
        StatementsCountOverflowException => new ExpressionException(script,
            $"ran more than {Limits.MaxStatements} statements (Engine:ExpressionMaxStatements) and was stopped", e, ExpressionErrorCodes.StatementLimit),
        RecursionDepthOverflowException => new ExpressionException(script,
            $"nested calls deeper than {Limits.MaxRecursionDepth} (Engine:ExpressionMaxRecursionDepth) and was stopped", e, ExpressionErrorCodes.RecursionLimit),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => new ExpressionException(script, inner.Message, e),
        _ => new ExpressionException(script, e.Message, e),
    };

    /// <summary>Converts a stored JSON value to a CLR value (double, bool, string, object[], ExpandoObject).</summary>
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
            System.Text.Json.JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
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
