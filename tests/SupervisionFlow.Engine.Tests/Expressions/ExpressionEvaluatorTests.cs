using System.Dynamic;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Expressions;

namespace SupervisionFlow.Engine.Tests.Expressions;

/// <summary>
/// What expressions see and give back: the value shapes the engine's behaviours and the host's functions rely on, as
/// they were under Jint 2.10 (numbers are doubles, dates DateTime in UTC, null and undefined both null), and that
/// reused engines keep evaluations apart.
/// </summary>
public sealed class ExpressionEvaluatorTests
{
    private static readonly Dictionary<string, JsonNode?> NoVariables = [];

    private static readonly Dictionary<string, JsonNode?> Reply = new()
    {
        ["rating"] = JsonValue.Create("unsatisfied"),
        ["round"] = JsonValue.Create(1),
        ["urgent"] = JsonValue.Create(true),
        ["note"] = null,
        ["units"] = JsonNode.Parse("""["交通局", "住建局"]"""),
        ["reply"] = JsonNode.Parse("""{"unit": {"name": "交通局", "days": 12.5}, "files": [1, 2, 3]}"""),
    };

    private readonly ExpressionEvaluator _evaluator = new(new ExpressionFunctions(), ExpressionLimits.Default);

    [Theory]
    [InlineData("${rating == 'unsatisfied' && round < 2}", true)]
    [InlineData("${rating === 'satisfied' || !urgent}", false)]
    [InlineData("${note == null && typeof note === 'object'}", true)]
    [InlineData("${units.indexOf('住建局') == 1 && units.length == 2}", true)]
    [InlineData("${reply.unit.name == '交通局' && reply.unit.days > 12 && reply.files.length == 3}", true)]
    [InlineData("${Object.keys(reply).join(',') == 'unit,files'}", true)]
    [InlineData("${JSON.stringify(reply.unit) == '{\"name\":\"交通局\",\"days\":12.5}'}", true)]
    public void Condition_OverJsonVariables_Evaluates(string condition, bool expected) =>
        Assert.Equal(expected, _evaluator.EvaluateCondition(condition, Reply));

    [Fact]
    public void Number_IntegerVariable_ComesBackAsDouble() =>
        Assert.Equal(2d, Assert.IsType<double>(_evaluator.Evaluate("${round + 1}", Reply)));

    [Fact]
    public void Text_Mixed_ConcatenatesWithInvariantNumbers() =>
        Assert.Equal("unit-交通局-round-1-12.5", _evaluator.Evaluate("unit-${units[0]}-round-${round}-${reply.unit.days}", Reply));

    [Fact]
    public void Text_WithoutExpression_ReturnedAsIs() =>
        Assert.Equal("plain text", _evaluator.Evaluate("plain text", Reply));

    [Theory]
    [InlineData("${null}")]
    [InlineData("${undefined}")]
    [InlineData("${note}")]
    [InlineData("${var declared = 1;}")]
    public void NullOrUndefined_ComesBackAsNull(string expression) =>
        Assert.Null(_evaluator.Evaluate(expression, Reply));

    [Fact]
    public void Array_ComesBackAsObjectArray() =>
        Assert.Equal(new object[] { "交通局", "住建局", 3d }, _evaluator.Evaluate("${units.concat([3])}", Reply));

    [Fact]
    public void Object_ComesBackAsExpando()
    {
        var value = Assert.IsType<ExpandoObject>(_evaluator.Evaluate("${({unit: reply.unit.name, count: reply.files.length})}", Reply));

        Assert.Equal("交通局", ((IDictionary<string, object?>)value)["unit"]);
        Assert.Equal(3d, ((IDictionary<string, object?>)value)["count"]);
    }

    [Fact]
    public void Date_ComesBackAsDateTimeInUtc()
    {
        var value = Assert.IsType<DateTime>(_evaluator.Evaluate("${new Date(Date.UTC(2026, 8, 28, 10, 30))}", NoVariables));

        Assert.Equal(new DateTime(2026, 9, 28, 10, 30, 0), DateTime.SpecifyKind(value, DateTimeKind.Unspecified));
        Assert.NotEqual(DateTimeKind.Local, value.Kind);
    }

    [Fact]
    public void Dates_InScript_RunInUtc() =>
        Assert.Equal(0d, _evaluator.Evaluate("${new Date(2026, 0, 1).getTimezoneOffset()}", NoVariables));

    [Fact]
    public void HostFunction_ReceivesDoublesStringsDatesAndNullForMissing()
    {
        var functions = new ExpressionFunctions().Register("describe", new Func<object?, object?, object?, string>((a, b, c) =>
            $"{a?.GetType().Name}:{a} {b?.GetType().Name}:{b} {c?.GetType().Name ?? "null"}"));
        var evaluator = new ExpressionEvaluator(functions, ExpressionLimits.Default);

        Assert.Equal("Double:3 String:x null", evaluator.Evaluate("${describe(round + 2, 'x')}", Reply));
        Assert.Equal("Double:2.5 String:交通局 null", evaluator.Evaluate("${describe(2.5, units[0], null)}", Reply));
        Assert.StartsWith("DateTime:", (string)evaluator.Evaluate("${describe(new Date(0), undefined)}", Reply)!, StringComparison.Ordinal);
    }

    [Fact]
    public void HostFunction_ThrowingArgumentException_FailsWithItsMessage()
    {
        var functions = new ExpressionFunctions().Register("refuse", new Func<object?, string>(_ => throw new ArgumentException("no such deadline 'replay'")));

        var error = Assert.Throws<ExpressionException>(() => new ExpressionEvaluator(functions, ExpressionLimits.Default).Evaluate("${refuse(1)}", NoVariables));

        Assert.Equal(ExpressionErrorCodes.Failed, error.Code);
        Assert.Contains("no such deadline 'replay'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownVariable_FailsNamingIt()
    {
        var error = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("${notDefinedAnywhere > 3}", NoVariables));

        Assert.Equal(ExpressionErrorCodes.Failed, error.Code);
        Assert.Contains("notDefinedAnywhere is not defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_NotBoolean_FailsWithItsCode()
    {
        var error = Assert.Throws<ExpressionException>(() => _evaluator.EvaluateCondition("${round}", Reply));

        Assert.Equal(ExpressionErrorCodes.NotBoolean, error.Code);
        Assert.Contains("it gave 1 (Double)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${round +}")]
    [InlineData("${round")]
    public void Syntax_Broken_FailsAsSyntaxAndCheckSyntaxSaysWhy(string expression)
    {
        var error = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, Reply));

        Assert.Equal(ExpressionErrorCodes.Syntax, error.Code);
        Assert.NotNull(ExpressionEvaluator.CheckSyntax(expression));
    }

    [Fact]
    public void CheckSyntax_ModernJavaScript_Accepted() =>
        Assert.Null(ExpressionEvaluator.CheckSyntax("${units.map(u => `unit-${u}`).includes('unit-交通局')}"));

    [Fact]
    public void ReusedEngines_DoNotCarryGlobalsBetweenEvaluations()
    {
        Assert.Equal(1d, _evaluator.Evaluate("${var leaked = 1; leaked}", NoVariables));
        Assert.Equal("unsatisfied", _evaluator.Evaluate("${rating}", Reply));

        Assert.Equal("undefined undefined", _evaluator.Evaluate("${typeof leaked + ' ' + typeof rating}", NoVariables));
    }

    [Fact]
    public void Function_RegisteredAfterFirstEvaluation_IsUsed()
    {
        var functions = new ExpressionFunctions().Register("version", new Func<string>(() => "first"));
        var evaluator = new ExpressionEvaluator(functions, ExpressionLimits.Default);
        Assert.Equal("first", evaluator.Evaluate("${version()}", NoVariables));

        functions.Register("version", new Func<string>(() => "second"));

        Assert.Equal("second", evaluator.Evaluate("${version()}", NoVariables));
    }

    [Fact]
    public void ManyThreads_EachSeesOnlyItsOwnVariables()
    {
        var wrong = 0;

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var variables = new Dictionary<string, JsonNode?> { ["n"] = JsonValue.Create(i) };
            if (!Equals(_evaluator.Evaluate("${'n=' + n}", variables), $"n={i}"))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }
}
