namespace SupervisionFlow.Engine.Expressions;

/// <summary>An expression failed to evaluate (syntax, unknown variable, time or statement limit).</summary>
public sealed class ExpressionException(string expression, string message, Exception? inner = null)
    : Exception($"expression '{expression}': {message}", inner)
{
    public string Expression { get; } = expression;
}
