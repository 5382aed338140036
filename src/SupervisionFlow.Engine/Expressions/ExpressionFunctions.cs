namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// Functions the host makes callable from <c>${…}</c> expressions (e.g. working-day date arithmetic).
/// Register them before the engine starts; the set is read by every evaluation.
/// </summary>
public sealed class ExpressionFunctions
{
    private readonly Dictionary<string, Delegate> _functions = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Delegate> All => _functions;

    /// <summary>Changes with every registration, so evaluators drop engines built with an older set.</summary>
    public int Version { get; private set; }

    /// <summary>Registers <paramref name="function"/> under <paramref name="name"/>; a later registration replaces it.</summary>
    public ExpressionFunctions Register(string name, Delegate function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _functions[name] = function;
        Version++;
        return this;
    }
}
