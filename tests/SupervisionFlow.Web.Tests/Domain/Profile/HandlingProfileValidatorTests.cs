using SupervisionFlow.Web.Domain.Profile;

namespace SupervisionFlow.Web.Tests.Domain.Profile;

public class HandlingProfileValidatorTests
{
    private static string Failure(HandlingProfile profile)
    {
        var result = new HandlingProfileValidator().Validate(null, profile);
        Assert.True(result.Failed, "the profile should have been refused");
        return result.FailureMessage;
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new HandlingProfileValidator().Validate(null, new HandlingProfile()).Succeeded);

    [Fact]
    public void Validate_FourClassesWithD_Succeed()
    {
        var profile = new HandlingProfile
        {
            ResultClasses = [.. new HandlingProfile().ResultClasses, new ResultClass("D", "留作参考", needsFollowUp: false)],
        };

        Assert.True(new HandlingProfileValidator().Validate(null, profile).Succeeded);
    }

    [Fact]
    public void Validate_NoClassNeedsFollowUp_Succeeds()
    {
        var profile = new HandlingProfile { ResultClasses = [new ResultClass("A", "已解决", false), new ResultClass("C", "难以解决", false)] };

        Assert.True(new HandlingProfileValidator().Validate(null, profile).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Validate_NonPositiveAmount_NamesKey(int amount)
    {
        var profile = new HandlingProfile();
        profile.Deadlines.Reply = Period.OfMonths(amount);

        var message = Failure(profile);

        Assert.Contains("Handling:Deadlines:Reply：期限必须大于零", message, StringComparison.Ordinal);
        Assert.Contains("Handling:Deadlines:Reply: must be a positive amount", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveWorkingDays_NamesKey()
    {
        var profile = new HandlingProfile();
        profile.Deadlines.EvaluationWindow = Period.OfWorkingDays(0);

        Assert.Contains("Handling:Deadlines:EvaluationWindow: must be a positive amount", Failure(profile), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PeriodWithTwoUnits_NamesKey()
    {
        var profile = new HandlingProfile();
        profile.Deadlines.CoUnitOpinion = new Period { Months = 1, WorkingDays = 30 };

        Assert.Contains("Handling:Deadlines:CoUnitOpinion: set exactly one of Months, Days or WorkingDays", Failure(profile), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PeriodWithNoUnit_NamesKey()
    {
        var profile = new HandlingProfile();
        profile.Deadlines.FirstContact = new Period();

        Assert.Contains("Handling:Deadlines:FirstContact：须且只须设置", Failure(profile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    public void Validate_ReplyExtendedShorterThanReply_NamesKey(int extendedMonths)
    {
        var profile = new HandlingProfile();
        profile.Deadlines.ReplyExtended = Period.OfMonths(extendedMonths);

        var message = Failure(profile);

        Assert.Contains("Handling:Deadlines:ReplyExtended：延期答复期限", message, StringComparison.Ordinal);
        Assert.Contains("must not be shorter than Handling:Deadlines:Reply (3 months)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReplyExtendedInDaysClearlyShorter_NamesKey()
    {
        var profile = new HandlingProfile();
        profile.Deadlines.ReplyExtended = Period.OfDays(60);

        Assert.Contains("Handling:Deadlines:ReplyExtended", Failure(profile), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReplyExtendedEqualToReply_Succeeds()
    {
        var profile = new HandlingProfile();
        profile.Deadlines.ReplyExtended = Period.OfMonths(3);

        Assert.True(new HandlingProfileValidator().Validate(null, profile).Succeeded);
    }

    [Fact]
    public void Validate_NoResultClasses_NamesKey() =>
        Assert.Contains("Handling:ResultClasses：至少需要一个答复类别", Failure(new HandlingProfile { ResultClasses = [] }), StringComparison.Ordinal);

    [Fact]
    public void Validate_EmptyCode_NamesIndexedKey()
    {
        var profile = new HandlingProfile { ResultClasses = [new ResultClass("A", "已解决", false), new ResultClass(" ", "无代码", false)] };

        Assert.Contains("Handling:ResultClasses:1:Code: a result class needs a code", Failure(profile), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateCode_NamesBothPositions()
    {
        var profile = new HandlingProfile { ResultClasses = [new ResultClass("A", "已解决", false), new ResultClass("A", "又一个", false)] };

        Assert.Contains("Handling:ResultClasses:1:Code: duplicate result class code 'A' (already used at Handling:ResultClasses:0)",
            Failure(profile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AB")]
    [InlineData("a")]
    [InlineData("1")]
    [InlineData("甲")]
    public void Validate_CodeNotSingleCapitalLetter_NamesKey(string code)
    {
        var profile = new HandlingProfile { ResultClasses = [new ResultClass(code, "类别", false)] };

        Assert.Contains($"Handling:ResultClasses:0:Code: a result class code must be a single capital letter A–Z (is '{code}')",
            Failure(profile), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyLabel_NamesKey()
    {
        var profile = new HandlingProfile { ResultClasses = [new ResultClass("A", "", false)] };

        Assert.Contains("Handling:ResultClasses:0:Label", Failure(profile), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyCalendarPath_NamesKey() =>
        Assert.Contains("Handling:CalendarPath", Failure(new HandlingProfile { CalendarPath = " " }), StringComparison.Ordinal);

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var profile = new HandlingProfile { ResultClasses = [new ResultClass("AA", "x", false)] };
        profile.Deadlines.Rehandling = Period.OfMonths(0);

        var message = Failure(profile);

        Assert.Contains("Handling:Deadlines:Rehandling", message, StringComparison.Ordinal);
        Assert.Contains("Handling:ResultClasses:0:Code", message, StringComparison.Ordinal);
    }
}
