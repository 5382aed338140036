using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Public;

/// <summary>
/// 建议公开, anonymous: one suggestion closed through the whole workflow (full consent), and suggestions put into the
/// states and consents that matter (closed with full / title-only / no consent, one still in handling, one of an
/// earlier term, one whose title carries a script tag).
/// </summary>
public sealed class PublicPagesTests(SeededWorld<PublicPagesTests.PublishedSuggestions> world) : IClassFixture<SeededWorld<PublicPagesTests.PublishedSuggestions>>
{
    private readonly SeededWorld<PublishedSuggestions> _world = world;

    public sealed class PublishedSuggestions : WebScenario
    {
        public int Handled { get; private set; }

        public int Script { get; private set; }

        public int TitleOnly { get; private set; }

        public int NoConsent { get; private set; }

        public int InHandling { get; private set; }

        public int EarlierTerm { get; private set; }

        public override async Task SeedAsync(WebWorld world)
        {
            Handled = await world.ReviewedAsync("关于优化城区公交线网的建议");
            await world.CompleteAsync(Handled, "assign", SuggestionWalk.Office, SuggestionWalk.Json(new { leadUnitId = "jtj" }));
            await world.HandleAsync(Handled, "jtj");
            await world.EvaluateAsync(Handled, "Satisfied");

            Script = await StoredAsync(world, "<script>alert('x')</script>关于公开测试的建议", DisclosureConsent.Full, SuggestionState.Closed, content: "<b>建议内容</b>请予以研究。");
            TitleOnly = await StoredAsync(world, "关于社区食堂建设的建议", DisclosureConsent.TitleOnly, SuggestionState.Closed, content: "不应公开的内容甲乙丙");
            NoConsent = await StoredAsync(world, "关于不公开事项的建议", DisclosureConsent.None, SuggestionState.Closed);
            InHandling = await StoredAsync(world, "关于尚在办理事项的建议", DisclosureConsent.Full, SuggestionState.InHandling);
            EarlierTerm = await StoredAsync(world, "关于上届会议事项的建议", DisclosureConsent.Full, SuggestionState.Closed, term: 17);
        }

        /// <summary>A submitted suggestion whose state, consent, unit and text are then set directly.</summary>
        private static async Task<int> StoredAsync(WebWorld world, string title, DisclosureConsent consent, SuggestionState state, string? content = null, int term = 18)
        {
            var id = await world.SubmitAsync(title);
            await world.WithScopeAsync(async services =>
            {
                var db = services.GetRequiredService<AppDbContext>();
                var suggestion = await db.Set<Suggestion>().Include(s => s.Units).SingleAsync(s => s.Id == id);
                suggestion.Disclosure = consent;
                suggestion.State = state;
                suggestion.Term = term;
                suggestion.Content = content ?? suggestion.Content;
                suggestion.ClosedAt = state == SuggestionState.Closed ? new DateTime(2026, 3, 20, 2, 0, 0, DateTimeKind.Utc) : null;
                suggestion.Units.Add(new SuggestionUnit { UnitId = "gaj", Role = UnitRole.Lead });
                return await db.SaveChangesAsync();
            });
            return id;
        }
    }

    private async Task<(HttpStatusCode Status, string Raw, string Text)> GetAsync(string url)
    {
        var response = await _world.Value.AnonymousClient().GetAsync(url);
        var raw = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, raw, WebUtility.HtmlDecode(raw));
    }

    [Fact]
    public async Task List_Anonymous_ShowsOnlyClosedSuggestionsWithConsent()
    {
        var (status, _, text) = await GetAsync("/Public");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("关于优化城区公交线网的建议", text);
        Assert.Contains("关于社区食堂建设的建议", text);
        Assert.Contains("关于上届会议事项的建议", text);
        Assert.Contains("关于公开测试的建议", text);
        Assert.DoesNotContain("关于不公开事项的建议", text);
        Assert.DoesNotContain("关于尚在办理事项的建议", text);
        Assert.DoesNotContain("不应公开的内容甲乙丙", text);
        Assert.Contains("共 4 件", text);
        Assert.Contains($"href=\"/Public/{_world.Scenario.Handled}\"", text);
        Assert.DoesNotContain($"href=\"/Public/{_world.Scenario.TitleOnly}\"", text);
    }

    [Fact]
    public async Task List_ScriptInTitle_IsEscapedText()
    {
        var (_, raw, text) = await GetAsync("/Public");

        Assert.DoesNotContain("<script>alert", raw);
        Assert.Contains("&lt;script&gt;", raw);
        Assert.Contains("<script>alert('x')</script>关于公开测试的建议", text);
    }

    [Fact]
    public async Task Details_FullConsent_ShowsContentAndTheDeliveredReply()
    {
        var (status, _, text) = await GetAsync($"/Public/{_world.Scenario.Handled}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("建议对城区公交线网进行系统优化，增开社区微循环线路。", text);
        Assert.Contains("市交通运输局 的答复", text);
        Assert.Contains("经研究，已新开社区微循环线路3条。", text);
        Assert.Contains("下一步将继续优化。", text);
        Assert.Contains("领衔代表 王建国", text);
    }

    [Fact]
    public async Task Details_ScriptTitleAndMarkupContent_AreEscaped()
    {
        var (status, raw, _) = await GetAsync($"/Public/{_world.Scenario.Script}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script>alert", raw);
        Assert.DoesNotContain("<b>", raw);
        Assert.Contains("&lt;b&gt;", raw);
    }

    [Fact]
    public async Task Details_TitleOnlyNoConsentOrNotClosed_AreNotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/Public/{_world.Scenario.TitleOnly}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/Public/{_world.Scenario.NoConsent}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/Public/{_world.Scenario.InHandling}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/Public/99999")).Status);
    }

    [Theory]
    [InlineData("?unit=jtj", new[] { "关于优化城区公交线网的建议" })]
    [InlineData("?term=17", new[] { "关于上届会议事项的建议" })]
    [InlineData("?term=18&session=5&unit=gaj", new[] { "关于公开测试的建议", "关于社区食堂建设的建议" })]
    [InlineData("?q=%E9%A3%9F%E5%A0%82", new[] { "关于社区食堂建设的建议" })]
    [InlineData("?q=%E7%94%B2%E4%B9%99%E4%B8%99", new string[0])]
    public async Task List_Search_ByTermSessionUnitAndWords(string query, string[] expected)
    {
        var (_, _, text) = await GetAsync("/Public" + query);

        string[] all = ["关于优化城区公交线网的建议", "关于上届会议事项的建议", "关于公开测试的建议", "关于社区食堂建设的建议"];
        Assert.Equal(expected.Order(), all.Where(text.Contains).Order());
        Assert.Contains($"共 {expected.Length} 件", text);
    }

    [Fact]
    public async Task List_CategoryFilter_MatchesTheCategory()
    {
        var (_, _, other) = await GetAsync("/Public?category=" + Uri.EscapeDataString("教科文卫体"));
        var (_, _, traffic) = await GetAsync("/Public?category=" + Uri.EscapeDataString("交通邮电"));

        Assert.Contains("共 0 件", other);
        Assert.Contains("共 4 件", traffic);
    }
}
