using System.Globalization;
using SupervisionFlow.Bench;
using SupervisionFlow.Bench.Jint2;

// Evaluates ExpressionMix the way the engine did on Jint 2.10.4 and prints, for SupervisionFlow.Bench to read:
//   result[i]=…             one line per expression, to check both Jint versions agree
//   expressions_per_s=N     evaluations per second on one thread
// Usage: dotnet SupervisionFlow.Bench.Jint2.dll [--expressions=N]

var count = args is [var arg] && arg.StartsWith("--expressions=", StringComparison.Ordinal)
    ? int.Parse(arg["--expressions=".Length..], NumberStyles.None, CultureInfo.InvariantCulture)
    : 20_000;
var variables = ExpressionMix.Variables();
var evaluator = new Jint2Evaluator(new Dictionary<string, Delegate> { ["addDays"] = ExpressionMix.AddDays });

for (var i = 0; i < ExpressionMix.Expressions.Length; i++)
{
    Console.WriteLine($"result[{i}]={ExpressionMix.Show(evaluator.Evaluate(ExpressionMix.Expressions[i], variables))}");
}
var elapsed = ExpressionMix.TimeEvaluations(evaluator.Evaluate, count);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"expressions_per_s={count / elapsed.TotalSeconds:F0}"));
