using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;
using JintEngine = Jint.Engine;

namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// Parsed and analysed scripts (<see cref="JintEngine.PrepareScript"/>), keyed by the expression's text. A prepared script
/// is immutable and thread-safe, so one serves every engine and thread.
/// </summary>
/// <remarks>
/// Keyed by text rather than by definition: expression texts come from deployed definitions, so the set is small and
/// stable (hundreds for every version of every process), and the versions of a definition, which mostly repeat the
/// same texts, share one prepared script each. A <see cref="ConcurrentDictionary{TKey, TValue}"/> reads without a
/// lock. The cap only guards against a host that evaluates generated texts: when reached the cache starts over —
/// one parse per text to warm it again — instead of paying for LRU bookkeeping on every read.
/// </remarks>
internal sealed class PreparedScriptCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Prepared<Script>> _scripts = new(StringComparer.Ordinal);

    public int Count => _scripts.Count;

    /// <summary>The prepared script for <paramref name="script"/>; throws <see cref="ScriptPreparationException"/> when it does not parse.</summary>
    public Prepared<Script> Get(string script)
    {
        if (_scripts.TryGetValue(script, out var prepared))
        {
            return prepared;
        }
        prepared = JintEngine.PrepareScript(script);
        if (_scripts.Count >= capacity)
        {
            _scripts.Clear();
        }
        _scripts.TryAdd(script, prepared);
        return prepared;
    }
}
