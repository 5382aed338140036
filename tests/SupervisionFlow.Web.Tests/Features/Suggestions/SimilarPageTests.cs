using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Suggestions;

/// <summary>
/// 相似建议 and 并案 through the real host, signed in through the login form: what the office and deputies see of
/// similar suggestions (JSON and the no-script form), the office merging from the details page, a unit refused.
/// A host of its own: the similar lists hold every similar suggestion in the database, not just this class's.
/// </summary>
public sealed class SimilarPageTests(WebWorldFixture world) : IClassFixture<WebWorldFixture>
{
    private const string Title = "关于优化城区公交线网的建议";
    private const string Content = "建议对城区公交线网进行系统优化，增开社区微循环线路。";

    private readonly WebWorld _world = world.Value;

    private static readonly Actor Office = new("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });

    private Task<int> FileAsync(string title, string content, int lead, DisclosureConsent disclosure = DisclosureConsent.Full, int session = 5) =>
        _world.WithScopeAsync(async s => (await s.GetRequiredService<SuggestionIntakeService>().SubmitAsync(new SubmitSuggestion(
            SuggestionKind.Session, 18, session, title, content, "交通邮电", null, lead, [], disclosure, false), Office)).Id);

    private static string Query(string title, string content, int session = 5) =>
        $"/Suggestions/Similar?term=18&session={session}&title={Uri.EscapeDataString(title)}&content={Uri.EscapeDataString(content)}";

    /// <summary>403, or the redirect to the Chinese access-denied page the cookie handler sends a page's refusal to.</summary>
    private static void AssertAccessDenied(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("AccessDenied", StringComparison.Ordinal) == true),
            $"expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");

    [Fact]
    public async Task SimilarJson_DeputySeesNumbersAndConsentedTitlesOnly_OfficeSeesLinksAndScores()
    {
        var shown = await FileAsync("关于城区公交线网优化调整的建议", Content + "（可公开）", 1, session: 7);
        var secret = await FileAsync("关于城区公交线网优化的若干建议", Content + "此处有不宜公开的细节。", 1, DisclosureConsent.None, session: 7);

        var asDeputy3 = JsonNode.Parse(await (await _world.ClientAsAsync("deputy3")).GetStringAsync(Query(Title, Content, 7)))!;
        var asDeputy1 = JsonNode.Parse(await (await _world.ClientAsAsync("deputy1")).GetStringAsync(Query(Title, Content, 7)))!;
        var asOffice = JsonNode.Parse(await (await _world.ClientAsAsync("lgw")).GetStringAsync(Query(Title, Content, 7)))!;

        var deputyItems = asDeputy3["items"]!.AsArray();
        Assert.Equal(2, deputyItems.Count);
        Assert.All(deputyItems, i => Assert.Null(i!["id"]?.GetValue<int?>()));
        Assert.All(deputyItems, i => Assert.Null(i!["score"]?.GetValue<string?>()));
        Assert.Contains(deputyItems, i => i!["title"]!.GetValue<string>() == "关于城区公交线网优化调整的建议");
        Assert.Contains(deputyItems, i => i!["title"]!.GetValue<string>() == SimilarView.HiddenTitle);
        Assert.DoesNotContain("不宜公开", asDeputy3.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("关于城区公交线网优化的若干建议", asDeputy3.ToJsonString(), StringComparison.Ordinal);
        // The deputy who filed it sees the own title.
        Assert.Contains(asDeputy1["items"]!.AsArray(), i => i!["title"]!.GetValue<string>() == "关于城区公交线网优化的若干建议");
        Assert.Equal([shown, secret], asOffice["items"]!.AsArray().Select(i => i!["id"]!.GetValue<int>()).Order());
        Assert.True(asOffice["full"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SimilarJson_UnitAndAnonymous_Refused()
    {
        var unit = await (await _world.ClientAsAsync("jtj.staff")).GetAsync(Query(Title, Content));
        var anonymous = await _world.AnonymousClient().GetAsync(Query(Title, Content));

        AssertAccessDenied(unit);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("Login", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortalSubmit_FindSimilarWithoutScript_ListsThemAndKeepsWhatWasTyped()
    {
        await FileAsync("关于加快城区公交线网优化的建议", Content, 3, session: 8);
        var deputy1 = await _world.ClientAsAsync("deputy1");

        var response = await deputy1.PostFormAsync("/Portal/Submit?handler=Similar", new Dictionary<string, string>
        {
            ["Input.Kind"] = "Session", ["Input.Term"] = "18", ["Input.Session"] = "8", ["Input.Title"] = Title, ["Input.Content"] = Content,
            ["Input.Category"] = "交通邮电",
        }, tokenFrom: "/Portal/Submit");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("关于加快城区公交线网优化的建议", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Title}\"", html, StringComparison.Ordinal);
        Assert.Contains(Content, html, StringComparison.Ordinal);
        Assert.DoesNotContain("/Suggestions/", html.Split("similar-results")[1].Split("</div>")[0], StringComparison.Ordinal);
        Assert.Equal(0, await _world.WithScopeAsync(async s => await Task.FromResult(
            s.GetRequiredService<AppDbContext>().Set<Suggestion>().Count(x => x.Session == 8 && x.Title == Title))));
    }

    [Fact]
    public async Task Details_OfficeSeesSimilarAndMerges_MainShowsMergedOne_UnitRefused()
    {
        var main = await FileAsync("关于优化城区公交线网布局的建议", Content, 1, session: 9);
        var merged = await FileAsync(Title, Content, 3, session: 9);
        var office = await _world.ClientAsAsync("lgw");

        var page = await office.GetStringAsync($"/Suggestions/{merged}");
        Assert.Contains("相似建议", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Suggestions/{main}\"", page, StringComparison.Ordinal);

        var refused = await office.PostFormAsync($"/Suggestions/{merged}?handler=Merge",
            new Dictionary<string, string> { ["MainId"] = main.ToString(System.Globalization.CultureInfo.InvariantCulture), ["MergeReason"] = "" },
            tokenFrom: $"/Suggestions/{merged}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("请填写并案理由。", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await office.PostFormAsync($"/Suggestions/{merged}?handler=Merge",
            new Dictionary<string, string> { ["MainId"] = main.ToString(System.Globalization.CultureInfo.InvariantCulture), ["MergeReason"] = "同一问题" },
            tokenFrom: $"/Suggestions/{merged}");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("已并案办理", await office.GetStringAsync($"/Suggestions/{merged}"), StringComparison.Ordinal);
        var mainPage = await office.GetStringAsync($"/Suggestions/{main}");
        Assert.Contains("merged-here", mainPage, StringComparison.Ordinal);
        Assert.Contains("并案理由：同一问题", mainPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_UnitHandlingTheSuggestion_CannotMerge_NothingChanges()
    {
        var main = await FileAsync("关于城区公交线网的建议", Content, 1, session: 10);
        var assigned = await _world.AssignedAsync("jtj");
        var unit = await _world.ClientAsAsync("jtj.staff");

        var page = await unit.GetStringAsync($"/Suggestions/{assigned}");
        var response = await unit.PostFormAsync($"/Suggestions/{assigned}?handler=Merge",
            new Dictionary<string, string> { ["MainId"] = main.ToString(System.Globalization.CultureInfo.InvariantCulture), ["MergeReason"] = "越权并案" },
            tokenFrom: $"/Suggestions/{assigned}");

        Assert.DoesNotContain("merge-form", page, StringComparison.Ordinal);
        AssertAccessDenied(response);
        var suggestion = await _world.WithScopeAsync(async s => await Task.FromResult(
            s.GetRequiredService<AppDbContext>().Set<Suggestion>().Single(x => x.Id == assigned)));
        Assert.Null(suggestion.MergedIntoId);
        Assert.Equal(SuggestionState.InHandling, suggestion.State);
    }
}
