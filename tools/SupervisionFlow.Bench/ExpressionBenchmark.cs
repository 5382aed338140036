using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Expressions;

namespace SupervisionFlow.Bench;

/// <summary>
/// (d) Expressions per second on one thread over <see cref="ExpressionMix"/>: the engine's evaluator on Jint 4 in this
/// process, and the same mix evaluated the Jint 2.10.4 way by SupervisionFlow.Bench.Jint2 in a child process (two
/// Jint versions cannot load into one process), one right after the other.
/// </summary>
internal static class ExpressionBenchmark
{
    public static Measurement RunJint4(int count, EngineOptions options, out IReadOnlyList<string> results)
    {
        var evaluator = new ExpressionEvaluator(new ExpressionFunctions().Register("addDays", ExpressionMix.AddDays), options.ExpressionLimits);
        var variables = ExpressionMix.Variables();
        results = ExpressionMix.Expressions.Select(e => ExpressionMix.Show(evaluator.Evaluate(e, variables))).ToList();
        var elapsed = ExpressionMix.TimeEvaluations(evaluator.Evaluate, count);
        return new Measurement("(d)  expressions: Jint 4.18, prepared + pooled engines", count, elapsed, 0);
    }

    /// <summary>Runs the Jint 2 program built beside the bench; null (with the reason) when it is missing or fails.</summary>
    public static async Task<(Measurement? Rate, IReadOnlyList<string> Results, string? Problem)> RunJint2Async(int count)
    {
        var path = typeof(ExpressionBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Jint2BenchPath")?.Value;
        if (path is null || !File.Exists(path))
        {
            return (null, [], $"{path ?? "SupervisionFlow.Bench.Jint2.dll"} not found: build the solution (dotnet build -c Release)");
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(path);
        start.ArgumentList.Add($"--expressions={count.ToString(CultureInfo.InvariantCulture)}");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rate = lines.Select(l => l.StartsWith("expressions_per_s=", StringComparison.Ordinal) ? l["expressions_per_s=".Length..] : null)
            .LastOrDefault(v => v is not null);
        if (process.ExitCode != 0 || rate is null)
        {
            return (null, [], $"the Jint 2 run failed (exit {process.ExitCode}): {errors.Trim()}");
        }
        var perSecond = double.Parse(rate, CultureInfo.InvariantCulture);
        var results = lines.Where(l => l.StartsWith("result[", StringComparison.Ordinal)).Select(l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]).ToList();
        return (new Measurement("(d') expressions: Jint 2.10.4, engine per evaluation", count, TimeSpan.FromSeconds(count / perSecond), 0), results, null);
    }
}
