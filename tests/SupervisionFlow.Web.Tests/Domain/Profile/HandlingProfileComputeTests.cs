using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Tests.Domain.Calendars;

namespace SupervisionFlow.Web.Tests.Domain.Profile;

public class HandlingProfileComputeTests
{
    private readonly HandlingProfile _profile = new();

    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Theory]
    [InlineData("reply", 7, 1, 10, 8)]                    // 3 months → 10-01 holiday → 10-08
    [InlineData("Reply", 7, 1, 10, 8)]                    // names are case-insensitive
    [InlineData("replyExtended", 4, 1, 10, 8)]            // 6 months → 10-01 → 10-08
    [InlineData("reassignmentWindow", 9, 28, 10, 13)]     // 7 working days across 国庆节
    [InlineData("coUnitOpinion", 1, 31, 2, 28)]           // month end, a worked Saturday
    [InlineData("firstContact", 2, 2, 3, 6)]              // 20 working days across 春节 with its two worked Saturdays
    [InlineData("evaluationWindow", 9, 28, 10, 23)]       // 15 working days
    [InlineData("rehandling", 8, 31, 9, 30)]              // 1 month from Aug 31 → Sep 30
    [InlineData("betweenSessionAssignment", 9, 28, 10, 16)]
    public void Compute_DefaultProfile_FollowsCalendar(string name, int fromMonth, int fromDay, int month, int day) =>
        Assert.Equal(D(month, day), _profile.Compute(name, D(fromMonth, fromDay), RealCalendar.Instance));

    [Fact]
    public void Compute_UnknownName_ListsKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => _profile.Compute("replay", D(7, 1), RealCalendar.Instance));

        Assert.Contains("replyExtended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeadlineNames_MatchConfigurationKeys() =>
        Assert.Equal(
            _profile.Deadlines.All().Select(d => d.Key.ToUpperInvariant()),
            HandlingProfile.DeadlineNames.Select(n => n.ToUpperInvariant()));
}
