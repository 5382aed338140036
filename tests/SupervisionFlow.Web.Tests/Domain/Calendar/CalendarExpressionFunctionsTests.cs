using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Profile;

namespace SupervisionFlow.Web.Tests.Domain.Calendars;

/// <summary>The functions as BPMN expressions call them: through the engine's real Jint evaluator.</summary>
public class CalendarExpressionFunctionsTests
{
    private static readonly Dictionary<string, JsonNode?> _noVariables = [];

    // 2026-06-30T17:00Z is 2026-07-01 01:00 in China: today() must say July 1st.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 30, 17, 0, 0, TimeSpan.Zero));

    private ExpressionEvaluator CreateEvaluator(HandlingProfile? profile = null)
    {
        var functions = new ExpressionFunctions();
        CalendarExpressionFunctions.Register(functions, RealCalendar.Instance, profile ?? new HandlingProfile(), _clock);
        return new ExpressionEvaluator(functions, TimeSpan.FromSeconds(1), 10000);
    }

    [Fact]
    public void AddWorkingDays_ThroughJint_SkipsNationalDay() =>
        Assert.Equal("2026-10-16T23:59:59+08:00", CreateEvaluator().Evaluate("${addWorkingDays('2026-09-28', 10)}", _noVariables));

    [Fact]
    public void AddWorkingDays_CountAsText_IsAccepted() =>
        Assert.Equal("2026-10-16T23:59:59+08:00", CreateEvaluator().Evaluate("${addWorkingDays('2026-09-28', '10')}", _noVariables));

    [Fact]
    public void AddMonths_ThroughJint_MovesOffHoliday() =>
        Assert.Equal("2026-10-08T23:59:59+08:00", CreateEvaluator().Evaluate("${addMonths('2026-07-01', 3)}", _noVariables));

    [Fact]
    public void AddDays_ThroughJint_MovesOffSpringFestival() =>
        Assert.Equal("2026-02-24T23:59:59+08:00", CreateEvaluator().Evaluate("${addDays('2026-02-06', 10)}", _noVariables));

    [Fact]
    public void Deadline_ReplyFromJulyFirst_IsOctoberEighthEndOfDay() =>
        Assert.Equal("2026-10-08T23:59:59+08:00", CreateEvaluator().Evaluate("${deadline('reply', '2026-07-01')}", _noVariables));

    [Fact]
    public void Deadline_FromProcessVariableDateTime_UsesItsChinaDate()
    {
        // Assigned at 2026-09-28 09:30 China time, stored in UTC: the re-assignment window is 7 working days.
        var variables = new Dictionary<string, JsonNode?> { ["assignedAt"] = JsonValue.Create("2026-09-28T01:30:00Z") };

        var due = CreateEvaluator().Evaluate("${deadline('reassignmentWindow', assignedAt)}", variables);

        // 9-29, 9-30, 10-8, 10-9, 10-10 (worked Saturday), 10-12, 10-13.
        Assert.Equal("2026-10-13T23:59:59+08:00", due);
    }

    [Fact]
    public void Deadline_UsesConfiguredProfile()
    {
        var profile = new HandlingProfile();
        profile.Deadlines.Reply = Period.OfMonths(2);

        Assert.Equal("2026-09-01T23:59:59+08:00", CreateEvaluator(profile).Evaluate("${deadline('reply', '2026-07-01')}", _noVariables));
    }

    [Fact]
    public void Today_UsesChinaDateOfClock() =>
        Assert.Equal("2026-07-01", CreateEvaluator().Evaluate("${today()}", _noVariables));

    [Fact]
    public void Functions_Chained_ReadTheirOwnOutput() =>
        Assert.Equal("2026-10-16T23:59:59+08:00",
            CreateEvaluator().Evaluate("${addWorkingDays(addDays('2026-09-27', 1), 10)}", _noVariables));

    [Fact]
    public void AddWorkingDays_JavaScriptDate_IsAccepted() =>
        // Jint runs in UTC; Date.UTC(2026, 8, 28) is 2026-09-28T00:00Z = 08:00 China time on 09-28.
        Assert.Equal("2026-10-16T23:59:59+08:00",
            CreateEvaluator().Evaluate("${addWorkingDays(new Date(Date.UTC(2026, 8, 28)), 10)}", _noVariables));

    [Fact]
    public void Deadline_ResultParsesAsEngineTimerDate()
    {
        var text = (string)CreateEvaluator().Evaluate("${deadline('reply', '2026-07-01')}", _noVariables)!;

        Assert.True(TimerSchedule.TryParseDate(text, out var instant));
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 15, 59, 59, TimeSpan.Zero), instant);
    }

    [Fact]
    public void AddMonths_IntoYearWithoutData_FailsAsExpressionNamingYear()
    {
        var error = Assert.Throws<ExpressionException>(() => CreateEvaluator().Evaluate("${addMonths('2027-11-15', 3)}", _noVariables));

        Assert.Contains("2028.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${deadline('replay', '2026-07-01')}", "replay")]
    [InlineData("${addWorkingDays('next monday', 1)}", "next monday")]
    [InlineData("${addWorkingDays('2026-07-01', 1.5)}", "whole number")]
    [InlineData("${addWorkingDays('2026-07-01', -1)}", "whole number")]
    [InlineData("${addWorkingDays('2026-07-01')}", "count (second argument) is missing")]
    [InlineData("${addMonths('2026-07-01', null)}", "count (second argument) is missing")]
    [InlineData("${deadline('reply')}", "date is missing")]
    [InlineData("${deadline(null, '2026-07-01')}", "names the deadline")]
    public void Functions_BadArguments_FailAsExpressionWithReason(string expression, string expected)
    {
        var error = Assert.Throws<ExpressionException>(() => CreateEvaluator().Evaluate(expression, _noVariables));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
