namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// Stable codes of <see cref="ExpressionException"/>, in the style of the deployment codes (<c>EXPRESSION_INVALID</c>):
/// an incident or an API problem can be matched on them without parsing the message.
/// </summary>
public static class ExpressionErrorCodes
{
    /// <summary>The script threw (unknown variable, a host function refused its arguments, a thrown error).</summary>
    public const string Failed = "EXPRESSION_FAILED";

    /// <summary>The text is not valid JavaScript, or a <c>${</c> has no closing <c>}</c>.</summary>
    public const string Syntax = "EXPRESSION_SYNTAX";

    /// <summary>A condition gave something other than true or false.</summary>
    public const string NotBoolean = "EXPRESSION_NOT_BOOLEAN";

    /// <summary>Ran longer than <c>Engine:ExpressionTimeout</c>.</summary>
    public const string Timeout = "EXPRESSION_TIMEOUT";

    /// <summary>Ran more statements than <c>Engine:ExpressionMaxStatements</c>.</summary>
    public const string StatementLimit = "EXPRESSION_STATEMENT_LIMIT";

    /// <summary>Nested calls deeper than <c>Engine:ExpressionMaxRecursionDepth</c>.</summary>
    public const string RecursionLimit = "EXPRESSION_RECURSION_LIMIT";

    /// <summary>Allocated more than <c>Engine:ExpressionMemoryLimitBytes</c>.</summary>
    public const string MemoryLimit = "EXPRESSION_MEMORY_LIMIT";
}
