using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using JintEngine = Jint.Engine;

namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// One Jint engine with the host functions registered and every limit set, reused for many evaluations: after each
/// one its globals (the process variables, anything the script declared) are put back to the state captured right
/// after construction. Not thread-safe, like the Jint engine it wraps; <see cref="ExpressionEnginePool"/> hands each
/// one to a single caller at a time.
/// <para>
/// The snapshot restores globals, not built-in prototypes: an expression that changed <c>Array.prototype</c> would
/// change it for later evaluations on this engine. Expressions come from deployed BPMN files, whose authors already
/// decide what a process does, so the reuse is not a security boundary and need not be one.
/// </para>
/// </summary>
internal sealed class ExpressionEngine
{
    private readonly JintEngine _engine;
    private readonly GlobalSnapshot _clean;

    public ExpressionEngine(ExpressionFunctions functions, ExpressionLimits limits)
    {
        FunctionsVersion = functions.Version;
        // Dates run in UTC, as everywhere in the engine (timers, stored instants), whatever the server's zone.
        _engine = new JintEngine(options => options
            .TimeoutInterval(limits.Timeout)
            .MaxStatements(limits.MaxStatements)
            .LimitRecursion(limits.MaxRecursionDepth)
            .LimitMemory(limits.MemoryBytes)
            .LocalTimeZone(TimeZoneInfo.Utc));
        foreach (var (name, function) in functions.All)
        {
            _engine.SetValue(name, function);
        }
        _clean = _engine.Advanced.CaptureGlobalSnapshot();
    }

    /// <summary>The <see cref="ExpressionFunctions.Version"/> this engine was built with; a later registration retires it.</summary>
    public int FunctionsVersion { get; }

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="variables"/> as globals and returns its completion value as a
    /// CLR value (string, double, bool, DateTime, object[], ExpandoObject or null). When it throws, the engine is left
    /// as it is: the caller drops it rather than returning it to the pool.
    /// </summary>
    public object? Evaluate(in Prepared<Script> script, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        foreach (var (name, variable) in variables)
        {
            _engine.SetValue(name, JsonToJavaScript.Convert(_engine, variable));
        }
        var result = _engine.Evaluate(script);
        // Converted before the restore so the caller keeps nothing that depends on the engine's state.
        var value = result.IsUndefined() || result.IsNull() ? null : result.ToObject();
        _engine.Advanced.RestoreGlobalSnapshot(_clean);
        return value;
    }
}
