using System.Globalization;
using System.Text.RegularExpressions;
using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Handling;

/// <summary>
/// Issue #12 in the browser: a deputy about to file a near-duplicate is shown the earlier one (相似建议, fetched by
/// script, numbers and titles only); the office sees it on the suggestion's page and merges (并案) the second into
/// the first, which then lists it.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SimilarAndMergeTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task DeputySeesSimilar_OfficeMergesIntoTheFirst()
    {
        await using var run = site.Begin(nameof(DeputySeesSimilar_OfficeMergesIntoTheFirst));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var firstTitle = $"关于优化城区公交线网的建议（E2E {tag}）";
        const string content = "建议对城区公交线网进行系统优化，增开社区微循环线路，缩短居民到站步行距离。";
        var deputy = await run.SignInAsync("deputy");
        var first = await Journeys.SubmitSessionSuggestionAsync(deputy, firstTitle, content);

        // ---- 代表: 查找相似建议 before filing the second one
        await deputy.GotoAsync("/Portal/Submit");
        await deputy.CheckAsync("input[name='Input.Kind'][value='Session']");
        var secondTitle = $"关于城区公交线网优化调整的建议（E2E {tag}）";
        await deputy.FillAsync("#title", secondTitle);
        await deputy.FillAsync("#content", content);
        await deputy.ClickAsync("#find-similar");
        var panel = deputy.Locator("#similar-results");
        await Assertions.Expect(panel.Locator("[data-testid=similar-item]").First).ToContainTextAsync(firstTitle);
        await Assertions.Expect(panel.Locator("a")).ToHaveCountAsync(0);
        Assert.EndsWith("/Portal/Submit", deputy.Url, StringComparison.Ordinal);
        await Assertions.Expect(deputy.Locator("#title")).ToHaveValueAsync(secondTitle);
        await SiteFixture.ScreenshotAsync(deputy, "portal-similar");
        await deputy.SelectOptionAsync("#category", new SelectOptionValue { Index = 1 });
        await deputy.ClickAsync("form.portal-form button.btn-primary");
        await deputy.WaitForURLAsync(new Regex(@"/Portal/Suggestion/\d+"));
        var second = int.Parse(Regex.Match(deputy.Url, @"/Portal/Suggestion/(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

        // ---- 联工委: the first one is listed on the second's page; 并案
        var office = await run.SignInAsync("lgw");
        await office.GotoAsync($"/Suggestions/{second}");
        await Assertions.Expect(office.Locator("#similar [data-testid=similar-item]").First).ToContainTextAsync(firstTitle);
        await office.SelectOptionAsync("#merge-main", first.ToString(CultureInfo.InvariantCulture));
        await office.FillAsync("#merge-reason", "两件建议反映同一问题，并案办理。");
        await office.ClickAsync("#merge-submit");
        await Assertions.Expect(office.Locator(".alert-ok")).ToContainTextAsync("已并案办理");
        await Assertions.Expect(office.Locator("#suggestion-title + p .badge").First).ToHaveTextAsync("已并案");
        await SiteFixture.ScreenshotAsync(office, "suggestion-merged");
        await office.GotoAsync($"/Suggestions/{first}");
        await Assertions.Expect(office.Locator("#merged-here")).ToContainTextAsync(secondTitle);
        await Assertions.Expect(office.Locator("#merged-here")).ToContainTextAsync("两件建议反映同一问题，并案办理。");
        run.AssertNoBrowserErrors();
    }
}
