namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// What one <c>${…}</c> evaluation may use before Jint stops it. Every limit is on by default: expressions come from
/// deployed BPMN files, and one careless loop or string-doubling must not stall a command or take the process's memory.
/// </summary>
/// <param name="Timeout">Wall-clock time of one evaluation.</param>
/// <param name="MaxStatements">Statements run by one evaluation (a loop's body counts every time).</param>
/// <param name="MaxRecursionDepth">Nested JavaScript calls.</param>
/// <param name="MemoryBytes">Bytes the evaluating thread may allocate during one evaluation (Jint's <c>LimitMemory</c>).</param>
public sealed record ExpressionLimits(TimeSpan Timeout, int MaxStatements, int MaxRecursionDepth, long MemoryBytes)
{
    /// <summary>2 s, 10,000 statements, depth 100, 4 MiB: far above any real condition or due date, far below harm.</summary>
    public static ExpressionLimits Default { get; } = new(TimeSpan.FromSeconds(2), 10_000, 100, 4L * 1024 * 1024);
}
