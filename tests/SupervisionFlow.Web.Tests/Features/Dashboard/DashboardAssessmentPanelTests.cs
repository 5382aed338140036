using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Dashboard;

/// <summary>
/// The 考核 panel on 督办统计 (issue #12: "Leaders see it on the dashboard"), on the same small session as
/// <see cref="DashboardPageTests"/>: jtj leads the closed suggestion, gaj the overdue key one.
/// </summary>
public sealed class DashboardAssessmentPanelTests(SeededWorld<DashboardPageTests.SmallSession> world) : IClassFixture<SeededWorld<DashboardPageTests.SmallSession>>
{
    private readonly WebWorld _world = world.Value;

    [Theory]
    [InlineData("zhou")]
    [InlineData("lgw")]
    public async Task Page_LeaderOrOffice_SeesTheSessionsRankingWithALinkToAssessment(string user)
    {
        var client = await _world.ClientAsAsync(user);
        var ranking = await _world.WithScopeAsync(services => services.GetRequiredService<UnitAssessment>().RankAsync(18, 5));

        var response = await client.GetAsync("/Dashboard");
        var raw = await response.Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"assessment-panel\"", raw);
        Assert.Contains("承办单位考核排名（第18届第5次会议）", html);
        Assert.Contains("href=\"/Assessment?term=18&amp;session=5\"", raw);
        Assert.Equal(["jtj", "gaj"], ranking.Select(u => u.UnitId).Order(StringComparer.Ordinal).Reverse());
        var panel = html[html.IndexOf("id=\"assessment-panel\"", StringComparison.Ordinal)..html.IndexOf("id=\"dashboard-charts\"", StringComparison.Ordinal)];
        foreach (var unit in ranking)
        {
            Assert.Contains($"<tr data-unit=\"{unit.UnitId}\"><td>{unit.Rank}</td><td>{unit.UnitName}</td>", panel);
        }
        // In ranking order: the better unit's row comes first.
        Assert.True(panel.IndexOf(ranking[0].UnitName, StringComparison.Ordinal) < panel.IndexOf(ranking[1].UnitName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("jtj.staff")]
    [InlineData("jtj.head")]
    [InlineData("deputy1")]
    public async Task Page_UnitOrDeputy_GetsNoRanking(string user)
    {
        var client = await _world.ClientAsAsync(user);

        var response = await client.GetAsync("/Dashboard?term=18&session=5");
        var denied = await client.GetAsync(response.Headers.Location);
        var html = WebUtility.HtmlDecode(await denied.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.DoesNotContain("assessment-panel", html);
        Assert.DoesNotContain("承办单位考核排名", html);
    }
}
