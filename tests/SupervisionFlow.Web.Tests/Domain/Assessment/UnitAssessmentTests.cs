using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Scenarios;

namespace SupervisionFlow.Web.Tests.Domain.Assessment;

/// <summary>The ranking of units over a session's records, each criterion per the default (Shenzhen) scheme.</summary>
public sealed class UnitAssessmentTests
{
    private static readonly DateTime _assigned = new(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Rank_ScoresEachCriterionByItsFormulaAndListsTheSuggestionsBehindIt()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var ids = await world.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            // jtj: both acknowledged in time, replied in time, three visits each, satisfied.
            // zjj only co-handles (会办, never 签收 in the process): not ranked, and not counted as a late 签收.
            var a1 = Add(db, 1, "jtj", acknowledgedOn: new(2026, 3, 3), signedOn: new(2026, 5, 1), visits: 3, rating: Satisfaction.Satisfied, coUnit: "zjj");
            var a2 = Add(db, 2, "jtj", acknowledgedOn: new(2026, 3, 4), signedOn: new(2026, 5, 2), visits: 3, rating: Satisfaction.BasicallySatisfied);
            // gaj: one 签收 late (window ends 2026-03-11), one reply late (due 2026-06-02), one with a single visit,
            // one 不满意 and re-handled, one approved extension.
            var b1 = Add(db, 3, "gaj", acknowledgedOn: new(2026, 3, 20), signedOn: new(2026, 5, 1), visits: 3, rating: Satisfaction.Satisfied);
            var b2 = Add(db, 4, "gaj", acknowledgedOn: new(2026, 3, 5), signedOn: new(2026, 7, 1), visits: 1, rating: Satisfaction.Unsatisfied, rehandled: true, extended: true);
            await db.SaveChangesAsync();
            return (b1.Id, b2.Id);
        });

        var ranking = await world.WithScopeAsync(s => s.GetRequiredService<UnitAssessment>().RankAsync(18, 5));

        Assert.Equal(["jtj", "gaj"], ranking.Select(u => u.UnitId));
        Assert.Equal(100, ranking[0].Total);
        var gaj = ranking[1];
        double Points(CriterionMeasure m) => gaj.Criteria.Single(c => c.Criterion.Measure == m).Points;
        Assert.Equal(7.5, Points(CriterionMeasure.OnTimeAcknowledgement)); // 1/2, linear over 15
        Assert.Equal(0, Points(CriterionMeasure.OnTimeReply));              // 50% < 80%
        Assert.Equal(7.5, Points(CriterionMeasure.ContactCompleteness));    // 1/2, linear over 15
        Assert.Equal(0, Points(CriterionMeasure.Satisfaction));             // 50% < 80%
        Assert.Equal(3.33, Points(CriterionMeasure.RehandlingCount));       // 1 of 3 allowed
        Assert.Equal(4, Points(CriterionMeasure.ExtensionCount));           // 1 of 5 allowed
        Assert.Equal(22.33, gaj.Total);
        var lateReply = gaj.Criteria.Single(c => c.Criterion.Measure == CriterionMeasure.OnTimeReply);
        Assert.Equal([ids.Item2], lateReply.Short);
        Assert.Equal("50.0%", lateReply.FigureText);
        var lateAck = gaj.Criteria.Single(c => c.Criterion.Measure == CriterionMeasure.OnTimeAcknowledgement);
        Assert.Equal([ids.Item1], lateAck.Short);
    }

    private static Suggestion Add(AppDbContext db, int number, string unit, DateOnly acknowledgedOn, DateOnly signedOn, int visits, Satisfaction rating, bool rehandled = false, bool extended = false, string? coUnit = null)
    {
        var suggestion = new Suggestion
        {
            Term = 18, Session = 5, Number = number, Kind = SuggestionKind.Session, Title = $"建议{number}", Content = "内容", Category = "交通邮电",
            LeadDeputyId = 1, State = SuggestionState.Closed, SubmittedAt = _assigned, AssignedAt = _assigned, ReplyDueOn = new DateOnly(2026, 6, 2),
            Units = [new SuggestionUnit { UnitId = unit, Role = UnitRole.Lead, AcknowledgedAt = At(acknowledgedOn) }],
        };
        if (coUnit is not null)
        {
            suggestion.Units.Add(new SuggestionUnit { UnitId = coUnit, Role = UnitRole.Co });
        }
        db.Add(suggestion);
        db.SaveChanges();
        var id = suggestion.Id;
        db.Add(new Assignment { SuggestionId = id, LeadUnitId = unit, ReplyDueOn = new DateOnly(2026, 6, 2), RecordedBy = "office", RecordedAt = _assigned });
        db.Add(new Reply { SuggestionId = id, UnitId = unit, Round = 1, ResultClass = "A", Text = "答复", SignedBy = "局长", SignedAt = At(signedOn), RecordedBy = "u", RecordedAt = At(signedOn) });
        foreach (var stage in new[] { ContactStage.Before, ContactStage.During, ContactStage.After }.Take(visits))
        {
            db.Add(new DeputyContact { SuggestionId = id, UnitId = unit, Stage = stage, ContactedOn = signedOn, Method = "电话", Summary = "沟通", RecordedBy = "u", RecordedAt = At(signedOn) });
        }
        db.Add(new Evaluation { SuggestionId = id, DeputyId = 1, Round = 1, Attitude = rating, Result = rating, RecordedBy = "deputy1", RecordedAt = At(signedOn) });
        if (rehandled)
        {
            db.Add(new Reply { SuggestionId = id, UnitId = unit, Round = 2, ResultClass = "A", Text = "再次答复", SignedBy = "局长", SignedAt = At(signedOn.AddMonths(1)), RecordedBy = "u", RecordedAt = At(signedOn.AddMonths(1)) });
        }
        if (extended)
        {
            db.Add(new ExtensionRequest { SuggestionId = id, UnitId = unit, Reason = "情况复杂", RequestedDueOn = new DateOnly(2026, 9, 2), Approved = true, RecordedBy = "u", RecordedAt = _assigned });
        }
        return suggestion;
    }

    private static DateTime At(DateOnly date) => date.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc);
}
