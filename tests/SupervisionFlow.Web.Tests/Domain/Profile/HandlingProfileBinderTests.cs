using System.Text;
using Microsoft.Extensions.Configuration;
using SupervisionFlow.Web.Domain.Profile;

namespace SupervisionFlow.Web.Tests.Domain.Profile;

/// <summary>Binding from the JSON an administrator writes into <c>appsettings.json</c>.</summary>
public class HandlingProfileBinderTests
{
    private static HandlingProfile Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var profile = new HandlingProfile();
        HandlingProfileBinder.Bind(configuration.GetSection(HandlingProfile.Section), profile);
        return profile;
    }

    [Fact]
    public void Bind_NoSection_KeepsDefaults()
    {
        var profile = Bind("{}");

        Assert.Equal(Period.OfMonths(3), profile.Deadlines.Reply);
        Assert.Equal(Period.OfMonths(6), profile.Deadlines.ReplyExtended);
        Assert.Equal(Period.OfWorkingDays(7), profile.Deadlines.ReassignmentWindow);
        Assert.Equal(Period.OfMonths(1), profile.Deadlines.CoUnitOpinion);
        Assert.Equal(Period.OfWorkingDays(20), profile.Deadlines.FirstContact);
        Assert.Equal(Period.OfWorkingDays(15), profile.Deadlines.EvaluationWindow);
        Assert.Equal(Period.OfMonths(1), profile.Deadlines.Rehandling);
        Assert.Equal(Period.OfWorkingDays(10), profile.Deadlines.BetweenSessionAssignment);
        Assert.Equal(Period.OfMonths(12), profile.Deadlines.ProgressReportInterval);
        Assert.Equal(["A", "B", "C"], profile.ResultClasses.Select(c => c.Code));
        Assert.Equal(["B"], profile.ResultClasses.Where(c => c.NeedsFollowUp).Select(c => c.Code));
        Assert.False(profile.EvaluateByCoSigners);
        Assert.Equal("workflows/calendars", profile.CalendarPath);
    }

    [Fact]
    public void Bind_PeriodInOtherUnit_ReplacesDefaultInsteadOfMixing()
    {
        // Chongqing: co-units answer within 30 working days instead of one month.
        var profile = Bind("""{ "Handling": { "Deadlines": { "CoUnitOpinion": { "WorkingDays": 30 } } } }""");

        Assert.Equal(PeriodUnit.WorkingDays, profile.Deadlines.CoUnitOpinion.Unit);
        Assert.Equal(30, profile.Deadlines.CoUnitOpinion.Amount);
        Assert.Null(profile.Deadlines.CoUnitOpinion.Months);
        Assert.Equal(Period.OfMonths(3), profile.Deadlines.Reply);
    }

    [Fact]
    public void Bind_PeriodWithTwoUnits_IsRefusedByValidator()
    {
        var profile = Bind("""{ "Handling": { "Deadlines": { "Reply": { "Months": 3, "Days": 5 } } } }""");

        var result = new HandlingProfileValidator().Validate(null, profile);

        Assert.Contains("Handling:Deadlines:Reply: set exactly one", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_FourResultClasses_ReplaceDefaultsWhole()
    {
        var profile = Bind("""
            { "Handling": { "ResultClasses": [
                { "Code": "A", "Label": "已解决或基本解决" },
                { "Code": "B", "Label": "正在解决或列入计划逐步解决", "NeedsFollowUp": true },
                { "Code": "C", "Label": "因条件限制暂时难以解决" },
                { "Code": "D", "Label": "留作参考" } ] } }
            """);

        Assert.Equal(["A", "B", "C", "D"], profile.ResultClasses.Select(c => c.Code));
        Assert.Equal("留作参考", profile.FindResultClass("d")?.Label);
    }

    [Fact]
    public void Bind_OldReminderSection_IsAnErrorNamingWhereRemindersAreConfigured()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Bind("""{ "Handling": { "Reminders": { "DaysBeforeDue": [3] } } }"""));

        Assert.Contains("Notifications:Reminders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_MisspeltDeadline_IsAnErrorNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Bind("""{ "Handling": { "Deadlines": { "Replay": { "Months": 2 } } } }"""));

        Assert.Contains("Replay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_Scalars_AreRead()
    {
        var profile = Bind("""{ "Handling": { "EvaluateByCoSigners": true, "CalendarPath": "data/calendars" } }""");

        Assert.True(profile.EvaluateByCoSigners);
        Assert.Equal("data/calendars", profile.CalendarPath);
    }
}
