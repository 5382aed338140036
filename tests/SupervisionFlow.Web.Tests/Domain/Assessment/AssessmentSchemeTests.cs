using System.Text;
using Microsoft.Extensions.Configuration;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Domain.Profile;

namespace SupervisionFlow.Web.Tests.Domain.Assessment;

/// <summary>The 考核 formulas and the scheme's configuration under <c>Handling:Assessment</c>.</summary>
public sealed class AssessmentSchemeTests
{
    [Theory]
    [InlineData(0.80, 30)]
    [InlineData(0.95, 30)]
    [InlineData(0.79, 0)]
    public void Threshold_Rate_FullPointsFromTheLineOnly(double rate, double points) =>
        Assert.Equal(points, new AssessmentCriterion { Weight = 30, Formula = ScoringFormula.Threshold, Full = 0.8, Zero = 0 }.Score(rate));

    [Theory]
    [InlineData(1.0, 15)]
    [InlineData(0.5, 7.5)]
    [InlineData(0.0, 0)]
    public void Linear_Rate_ProportionalBetweenZeroAndFull(double rate, double points) =>
        Assert.Equal(points, new AssessmentCriterion { Weight = 15, Formula = ScoringFormula.Linear, Full = 1, Zero = 0 }.Score(rate));

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 4)]
    [InlineData(5, 0)]
    [InlineData(9, 0)]
    public void Linear_Count_LowerIsBetterAndClamped(double count, double points) =>
        Assert.Equal(points, new AssessmentCriterion { Measure = CriterionMeasure.ExtensionCount, Weight = 5, Formula = ScoringFormula.Linear, Full = 0, Zero = 5 }.Score(count));

    [Fact]
    public void Threshold_Count_AnyItemLosesThePoints()
    {
        var criterion = new AssessmentCriterion { Measure = CriterionMeasure.RehandlingCount, Weight = 10, Formula = ScoringFormula.Threshold, Full = 0, Zero = 1 };

        Assert.Equal(10, criterion.Score(0));
        Assert.Equal(0, criterion.Score(1));
    }

    [Fact]
    public void Score_NothingToJudge_KeepsTheWeight() =>
        Assert.Equal(30, new AssessmentCriterion { Weight = 30, Formula = ScoringFormula.Threshold, Full = 0.8 }.Score(null));

    [Fact]
    public void Defaults_AreShenzhensRulesWorthOneHundredPoints()
    {
        var scheme = new HandlingProfile().Assessment;

        Assert.Equal(100, scheme.Criteria.Sum(c => c.Weight));
        var reply = scheme.Criteria.Single(c => c.Measure == CriterionMeasure.OnTimeReply);
        Assert.Equal((ScoringFormula.Threshold, 0.8), (reply.Formula, reply.Full));
        var satisfaction = scheme.Criteria.Single(c => c.Measure == CriterionMeasure.Satisfaction);
        Assert.Equal((ScoringFormula.Threshold, 0.8), (satisfaction.Formula, satisfaction.Full));
    }

    [Fact]
    public void Bind_ConfiguredCriteria_ReplaceTheDefaultsWhole()
    {
        var profile = Bind("""{ "Handling": { "Assessment": { "Criteria": [ { "Measure": "Satisfaction", "Label": "满意率", "Weight": 50, "Formula": "Linear", "Full": 1, "Zero": 0.6 } ] } } }""");

        var criterion = Assert.Single(profile.Assessment.Criteria);
        Assert.Equal((CriterionMeasure.Satisfaction, 50.0, ScoringFormula.Linear, 0.6), (criterion.Measure, criterion.Weight, criterion.Formula, criterion.Zero));
    }

    [Fact]
    public void Validate_RateBoundAsPercentAndMeasureTwice_AreRefusedNamingTheKey()
    {
        var profile = Bind("""
            { "Handling": { "Assessment": { "Criteria": [
              { "Measure": "OnTimeReply", "Label": "按时答复率", "Weight": 30, "Formula": "Threshold", "Full": 80 },
              { "Measure": "OnTimeReply", "Label": "按时答复率", "Weight": 10, "Formula": "Linear", "Full": 1 } ] } } }
            """);

        var result = new HandlingProfileValidator().Validate(null, profile);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Handling:Assessment:Criteria:0", StringComparison.Ordinal) && f.Contains("0–1", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("OnTimeReply 出现了 2 次", StringComparison.Ordinal));
    }

    private static HandlingProfile Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var profile = new HandlingProfile();
        HandlingProfileBinder.Bind(configuration.GetSection(HandlingProfile.Section), profile);
        return profile;
    }
}
