using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Exports;
using SupervisionFlow.Web.Tests.Features.Exports;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Dashboard;

/// <summary>
/// 督办统计 on a small session: one suggestion closed (jtj lead, gaj co-unit, rated 满意), one key suggestion overdue at
/// gaj, one awaiting assignment, one under review.
/// </summary>
public sealed class DashboardPageTests(SeededWorld<DashboardPageTests.SmallSession> world) : IClassFixture<SeededWorld<DashboardPageTests.SmallSession>>
{
    private readonly WebWorld _world = world.Value;

    public sealed class SmallSession : WebScenario
    {
        public int Overdue { get; private set; }

        public override async Task SeedAsync(WebWorld world)
        {
            var closed = await world.ReviewedAsync("关于优化城区公交线网的建议");
            var key = await world.ReviewedAsync("关于加强校园周边交通秩序管理的建议");
            await world.ReviewedAsync("关于增设老旧小区充电设施的建议");
            await world.SubmitAsync("关于完善社区养老服务的建议");
            await world.WithScopeAsync(async services =>
            {
                var meetings = services.GetRequiredService<AssignmentMeetingService>();
                var meeting = await meetings.CreateMeetingAsync("第十八届人大五次会议代表建议交办会", new DateOnly(2026, 3, 2), null, SuggestionWalk.Office);
                return await meetings.AssignAsync(meeting.Id, [
                    new AssignmentOrder(closed, "jtj", ["gaj"]),
                    new AssignmentOrder(key, "gaj", [], IsKey: true, KeyLeaderId: "zhou", KeyCommitteeId: "cjw"),
                ], SuggestionWalk.Office);
            });
            await world.HandleAsync(closed, "jtj", "A", "gaj");
            await world.EvaluateAsync(closed, "Satisfied");
            // Past the three-month reply deadline of the key suggestion.
            await world.AdvanceAsync(TimeSpan.FromDays(80));
            Overdue = key;
        }
    }

    private Task<StatisticsReport> ReportAsync(StatisticsFilter filter) =>
        _world.WithScopeAsync(services => services.GetRequiredService<SuggestionStatistics>().BuildAsync(filter));

    [Fact]
    public async Task Data_FiguresAndSeries_MatchSuggestionStatistics()
    {
        var client = await _world.ClientAsAsync("lgw");

        var data = await (await client.GetAsync("/Dashboard?handler=Data&term=18&session=5")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        var report = await ReportAsync(new StatisticsFilter(18, 5));

        var headline = data["headline"]!;
        Assert.Equal(4, report.Total);
        Assert.Equal(report.Total, (int)headline["total"]!);
        Assert.Equal(report.Replied, (int)headline["replied"]!);
        Assert.Equal(1, (int)headline["replied"]!);
        Assert.Equal(report.OnTimeRate, (double?)headline["onTimeRate"]);
        Assert.Equal(report.Satisfaction.SatisfactionRate, (double?)headline["satisfactionRate"]);
        Assert.Equal(1.0, (double?)headline["satisfactionRate"]);
        Assert.Equal(report.UnitCount, (int)headline["units"]!);
        Assert.Equal(2, (int)headline["units"]!);
        Assert.Equal(report.Overdue.Count, (int)headline["overdue"]!);
        Assert.Equal(1, (int)headline["overdue"]!);
        Assert.Equal(1, (int)headline["key"]!);
        Assert.Equal(report.ByCategory.Select(r => (r.Label, r.Count)), data["byCategory"]!.AsArray().Select(r => ((string)r!["label"]!, (int)r["count"]!)));
        Assert.Equal(report.ByKind.Select(r => (r.Label, r.Count)), data["byKind"]!.AsArray().Select(r => ((string)r!["label"]!, (int)r["count"]!)));
        Assert.Equal(report.ByFormedBy.Select(r => (r.Label, r.Count)), data["byFormedBy"]!.AsArray().Select(r => ((string)r!["label"]!, (int)r["count"]!)));
        Assert.Equal(report.ByResultClass.Select(r => (r.Label, r.Count)), data["byResultClass"]!.AsArray().Select(r => ((string)r!["label"]!, (int)r["count"]!)));
        Assert.Equal(report.ByUnit.Select(u => (u.UnitName, u.Lead, u.Co, u.Overdue)),
            data["byUnit"]!.AsArray().Select(u => ((string)u!["unitName"]!, (int)u["lead"]!, (int)u["co"]!, (int)u["overdue"]!)));
        Assert.Equal(report.Satisfaction.Satisfied, (int)data["satisfaction"]!["satisfied"]!);
    }

    [Fact]
    public async Task Data_KindFilter_CountsOnlyThatKind()
    {
        var client = await _world.ClientAsAsync("lgw");

        var data = await (await client.GetAsync("/Dashboard?handler=Data&kind=BetweenSession")).ReadJsonAsync<JsonObject>(expectSuccess: true);

        Assert.Equal(0, (int)data["headline"]!["total"]!);
        Assert.Empty(data["byCategory"]!.AsArray());
    }

    [Fact]
    public async Task Page_Leader_SeesFiguresTablesAndScriptFiles()
    {
        var client = await _world.ClientAsAsync("zhou");

        var response = await client.GetAsync("/Dashboard?term=18");
        var raw = await response.Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-figure=\"total\">4<", html);
        Assert.Contains("data-figure=\"satisfactionRate\">100.0%<", html);
        Assert.Contains("data-source=\"/Dashboard?term=18&amp;handler=Data\"", raw);
        Assert.Contains("关于加强校园周边交通秩序管理的建议", html); // overdue and key lists
        Assert.Contains("市公安局", html);
        Assert.Contains("<script src=\"/lib/echarts/dist/echarts.min.js\"></script>", raw);
        Assert.Contains("src=\"/js/dashboard.js?v=", raw);
        Assert.DoesNotContain("<script>", raw);
    }

    [Theory]
    [InlineData("jtj.staff", "/Dashboard")]
    [InlineData("deputy1", "/Dashboard")]
    [InlineData("cjw.member", "/Dashboard?handler=Data")]
    [InlineData("jtj.head", "/Dashboard?handler=Export&table=units")]
    public async Task Page_OtherRoles_AreDenied(string user, string url)
    {
        var client = await _world.ClientAsAsync(user);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task Export_UnitTable_IsXlsxNamedInChineseWithOneRowPerUnit()
    {
        var client = await _world.ClientAsAsync("lgw");

        var response = await client.GetAsync("/Dashboard?handler=Export&table=units&term=18&session=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("代表建议办理统计-第18届第5次-承办单位考核.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        var rows = XlsxReader.Open(await response.Content.ReadAsByteArrayAsync())["承办单位考核"];
        Assert.Equal("承办单位", rows[0][0]);
        Assert.Equal(3, rows.Count);
        var jtj = rows.Single(r => r[0] == "市交通运输局");
        Assert.Equal(["市交通运输局", "1", "0", "1", "1", "1"], jtj.Take(6));
        Assert.Equal("1", jtj[7]); // 满意
        var gaj = rows.Single(r => r[0] == "市公安局");
        Assert.Equal(["1", "1", "0", "0"], gaj.Skip(1).Take(4)); // lead of the key one, co-unit of the closed one
        Assert.Equal("1", gaj[6]); // overdue
    }

    [Fact]
    public async Task Export_All_HasEveryTableAsASheet()
    {
        var client = await _world.ClientAsAsync("zhou");

        var response = await client.GetAsync("/Dashboard?handler=Export&table=all");
        var book = XlsxReader.Open(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(["总体情况", "按类别", "按建议类型", "按形成方式", "按办理结果", "满意度", "承办单位考核", "超期未答复", "重点督办建议"], book.Sheets.Keys);
        Assert.All(book.HeaderBold.Values, header => Assert.All(header, Assert.True));
        Assert.Equal(["建议总数", "4"], book["总体情况"][1]);
        Assert.Equal(["交通邮电", "4", "1"], book["按类别"][1]);
        var overdue = Assert.Single(book["超期未答复"].Skip(1));
        Assert.Equal("关于加强校园周边交通秩序管理的建议", overdue[1]);
        Assert.Equal("市公安局", overdue[2]);
        var key = Assert.Single(book["重点督办建议"].Skip(1));
        Assert.Equal(["关于加强校园周边交通秩序管理的建议", "办理中", "周副主任", "城乡建设环境保护委员会", "市公安局"], key.Skip(1).Take(5));
        Assert.Equal(["满意", "1", "1"], book["满意度"][1]);
    }

    [Fact]
    public async Task Export_UnknownTable_IsNotFound()
    {
        var client = await _world.ClientAsAsync("lgw");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Dashboard?handler=Export&table=secrets")).StatusCode);
    }

    [Fact]
    public async Task Script_Dashboard_IsServedAsAFile()
    {
        var client = _world.AnonymousClient();

        var dashboard = await client.GetAsync("/js/dashboard.js");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("escapeHtml", await dashboard.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Overdue_FixtureSuggestion_IsInHandling()
    {
        var report = await ReportAsync(new StatisticsFilter());
        Assert.Contains(report.Overdue, o => o.SuggestionId == world.Scenario.Overdue);
        Assert.Contains(report.ByState, s => s.Key == nameof(SuggestionState.Closed));
    }
}
