namespace SupervisionFlow.Engine.Expressions;

/// <summary>An expression failed to evaluate (syntax, unknown variable, time or statement limit); the command changed nothing.</summary>
public sealed class ExpressionException(string expression, string message, Exception? inner = null)
    : EngineException($"expression '{expression}': {message}", inner)
{
    public string Expression { get; } = expression;
}
