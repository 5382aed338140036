using System.Globalization;
using System.Text.Json.Nodes;

namespace SupervisionFlow.Bench;

/// <summary>
/// The expressions the benchmark evaluates, with the variables and host function they use: a gateway condition, a
/// due date through a date function, a string built for a notice and a mixed text. No Jint here — this file is
/// compiled into both the bench (Jint 4, through the engine's evaluator) and SupervisionFlow.Bench.Jint2 (Jint 2.10.4).
/// </summary>
internal static class ExpressionMix
{
    public static readonly string[] Expressions =
    [
        "${rating == 'unsatisfied' && round < 2}",
        "${addDays(assignedAt, 10)}",
        "${'【' + suggestionNo + '】' + title + '（' + units.join('、') + '）'}",
        "unit-${unitId}-round-${round}",
    ];

    /// <summary>A handled suggestion's variables, as the engine stores them (JSON).</summary>
    public static Dictionary<string, JsonNode?> Variables() => new()
    {
        ["rating"] = JsonValue.Create("unsatisfied"),
        ["round"] = JsonValue.Create(1),
        ["assignedAt"] = JsonValue.Create("2026-07-01"),
        ["unitId"] = JsonValue.Create(17),
        ["suggestionNo"] = JsonValue.Create("JY-2026-0042"),
        ["title"] = JsonValue.Create("关于改善城区道路交通的建议"),
        ["urgent"] = JsonValue.Create(false),
        ["units"] = new JsonArray("交通局", "住建局"),
        ["reply"] = new JsonObject { ["unit"] = "交通局", ["resultClass"] = "A", ["pages"] = 3 },
        ["deputyIds"] = new JsonArray("d-1", "d-2", "d-3"),
    };

    /// <summary>A calendar-free stand-in for the host's <c>addDays</c>: the end of the day <c>n</c> days later, China time.</summary>
    public static readonly Func<object?, object?, string> AddDays = (date, n) =>
    {
        var start = DateOnly.ParseExact(Convert.ToString(date, CultureInfo.InvariantCulture)!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = Convert.ToInt32(n, CultureInfo.InvariantCulture);
        return start.AddDays(days).ToString("yyyy-MM-dd'T23:59:59+08:00'", CultureInfo.InvariantCulture);
    };

    /// <summary>A result as both programs print it, so the bench can check that they agree.</summary>
    /// <summary>
    /// Warms up on a tenth of <paramref name="count"/>, then times <paramref name="count"/> evaluations of the mix in
    /// turn: one loop for both Jint versions, so the two rates are measured the same way.
    /// </summary>
    public static TimeSpan TimeEvaluations(Func<string, IReadOnlyDictionary<string, JsonNode?>, object?> evaluate, int count)
    {
        var variables = Variables();
        for (var i = 0; i < count / 10; i++)
        {
            evaluate(Expressions[i % Expressions.Length], variables);
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            evaluate(Expressions[i % Expressions.Length], variables);
        }
        return watch.Elapsed;
    }

    public static string Show(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
