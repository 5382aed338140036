using System.Diagnostics;
using SupervisionFlow.Engine.Expressions;

namespace SupervisionFlow.Engine.Tests.Expressions;

/// <summary>Each limit stops its kind of runaway script with its own code, quickly, and leaves the evaluator usable.</summary>
public sealed class ExpressionLimitTests
{
    private static readonly Dictionary<string, System.Text.Json.Nodes.JsonNode?> NoVariables = [];

    // A budget so large that the limit under test, not this one, stops the script.
    private const int PracticallyUnlimitedStatements = 2_000_000_000;

    [Theory]
    // Jint defers the copy of s + s (a rope); indexOf forces the real string, += builds it eagerly.
    [InlineData("${(function(){var s = 'x'; while(true){s = s + s;}})()}")]
    [InlineData("${(function(){var s = 'x'; while(true){s = s + s; s.indexOf('y');}})()}")]
    [InlineData("${(function(){var s = 'x'; while(true){s += s;}})()}")]
    [InlineData("${(function(){var a = []; while(true){a.push('xxxxxxxxxxxxxxxx' + a.length);}})()}")]
    public void StringOrArrayDoubling_DefaultLimits_StoppedByMemoryLimitWithinFewMegabytes(string expression)
    {
        var limits = ExpressionLimits.Default with { MaxStatements = PracticallyUnlimitedStatements, Timeout = TimeSpan.FromSeconds(30) };
        var evaluator = new ExpressionEvaluator(new ExpressionFunctions(), limits);
        // The evaluation runs synchronously on this thread, so this thread's allocations are the script's, whatever
        // other tests do meanwhile. Jint 2.10 took more than 1 GB here before failing.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(expression, NoVariables));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: false) - heapBefore;
        Assert.Equal(ExpressionErrorCodes.MemoryLimit, error.Code);
        Assert.StartsWith("[EXPRESSION_MEMORY_LIMIT] expression ", error.Message, StringComparison.Ordinal);
        Assert.Contains("allocated more than 4 MB (Engine:ExpressionMemoryLimitBytes = 4194304)", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"the script allocated {allocated / 1024 / 1024} MB");
        Assert.True(heapGrowth < 64L * 1024 * 1024, $"the heap grew by {heapGrowth / 1024 / 1024} MB");
    }

    [Fact]
    public void MemoryLimit_Configured_IsTheLimitApplied()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionFunctions(), ExpressionLimits.Default with { MemoryBytes = 64 * 1024 * 1024 });

        // 2^22 characters (8 MB as UTF-16) passes a 64 MB limit though it would fail the 4 MB default.
        var length = evaluator.Evaluate("${(function(){var s = 'x'; for (var i = 0; i < 22; i++) {s += s;} return s.length;})()}", NoVariables);

        Assert.Equal(4_194_304d, length);
    }

    [Fact]
    public void EndlessLoop_StatementsUnlimited_StoppedByTimeLimit()
    {
        var limits = ExpressionLimits.Default with { Timeout = TimeSpan.FromMilliseconds(300), MaxStatements = PracticallyUnlimitedStatements };
        var evaluator = new ExpressionEvaluator(new ExpressionFunctions(), limits);
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("${(function(){while(true){}})()}", NoVariables));

        Assert.Equal(ExpressionErrorCodes.Timeout, error.Code);
        Assert.Contains("ran longer than 0.3 s (Engine:ExpressionTimeout)", error.Message, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void EndlessLoop_DefaultLimits_StoppedByStatementLimit()
    {
        var error = Assert.Throws<ExpressionException>(() =>
            new ExpressionEvaluator(new ExpressionFunctions(), ExpressionLimits.Default).Evaluate("${(function(){while(true){}})()}", NoVariables));

        Assert.Equal(ExpressionErrorCodes.StatementLimit, error.Code);
        Assert.Contains("more than 10000 statements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndlessRecursion_StoppedByRecursionLimit()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionFunctions(), ExpressionLimits.Default with { MaxRecursionDepth = 20 });

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("${(function r(n){return r(n + 1);})(0)}", NoVariables));

        Assert.Equal(ExpressionErrorCodes.RecursionLimit, error.Code);
        Assert.Contains("deeper than 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recursion_WithinLimit_Runs()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionFunctions(), ExpressionLimits.Default with { MaxRecursionDepth = 20 });

        Assert.Equal(55d, evaluator.Evaluate("${(function f(n){return n < 2 ? n : f(n - 1) + f(n - 2);})(10)}", NoVariables));
    }

    [Fact]
    public void Evaluator_AfterAStoppedScript_StillEvaluates()
    {
        var evaluator = new ExpressionEvaluator(new ExpressionFunctions(), ExpressionLimits.Default);
        Assert.Throws<ExpressionException>(() => evaluator.Evaluate("${(function(){var s = 'x'; while(true){s += s;}})()}", NoVariables));
        Assert.Throws<ExpressionException>(() => evaluator.Evaluate("${(function(){while(true){}})()}", NoVariables));

        Assert.Equal(3d, evaluator.Evaluate("${1 + 2}", NoVariables));
    }
}
