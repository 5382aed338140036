namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// An expression failed to evaluate (syntax, unknown variable, time, statement, recursion or memory limit); the command
/// changed nothing. <see cref="Code"/> is stable, for programs and operators to test; the message starts with it.
/// </summary>
public sealed class ExpressionException(string expression, string message, Exception? inner = null, string code = ExpressionErrorCodes.Failed)
    : EngineException($"expression '{expression}': {message}", inner, code)
{
    public string Expression { get; } = expression;

    /// <summary>One of <see cref="ExpressionErrorCodes"/>.</summary>
    public override string Code { get; } = code;
}
