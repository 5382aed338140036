using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SupervisionFlow.E2E.Tests.TestSupport;
using SupervisionFlow.Web.Domain.Directory;

namespace SupervisionFlow.E2E.Tests.Handling;

/// <summary>
/// 代录建议 in the browser (issue #12): the office opens the form from the suggestion list, finds the lead deputy by
/// name, sees the deputy's earlier near-duplicate in 相似建议 (with a link), files anyway and lands on the new
/// suggestion's page, which names the deputy as lead and the office as the one who entered it.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class OfficeFilingTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task OfficeFilesForADeputy_SeesTheSimilarOne_LandsOnTheNewSuggestion()
    {
        await using var run = site.Begin(nameof(OfficeFilesForADeputy_SeesTheSimilarOne_LandsOnTheNewSuggestion));
        var tag = Guid.NewGuid().ToString("N")[..6];
        const string content = "建议在老旧小区周边挖潜增设停车位，推行错时共享停车，缓解居民停车难。";
        var firstTitle = $"关于增设老旧小区停车位的建议（E2E {tag}）";
        var deputy = await run.SignInAsync("deputy");
        await Journeys.SubmitSessionSuggestionAsync(deputy, firstTitle, content);
        // A lead whose name is unique in the demo directory, so the search lists exactly the one to pick.
        var lead = await site.QueryAsync(async db => (await db.Set<Deputy>().AsNoTracking().Where(d => d.IsActive).ToListAsync())
            .GroupBy(d => d.Name).Where(g => g.Count() == 1).Select(g => g.Single()).OrderBy(d => d.Id).First());

        var office = await run.SignInAsync("lgw");
        await office.GotoAsync("/Suggestions");
        await office.ClickAsync("#file-for-deputy");
        await office.WaitForURLAsync(new Regex("/Suggestions/New$"));
        await office.FillAsync("#leadSearch", lead.Name);
        await office.ClickAsync("#find-lead");
        await office.CheckAsync($"input[name='LeadDeputyId'][value='{lead.Id}']");
        await office.CheckAsync("input[name='Input.Kind'][value='Session']");
        var secondTitle = $"关于老旧小区增设停车位的建议（E2E {tag}）";
        await office.FillAsync("#title", secondTitle);
        await office.FillAsync("#content", content);
        await office.ClickAsync("#find-similar");
        var panel = office.Locator("#similar-results");
        await Assertions.Expect(panel.GetByRole(AriaRole.Link, new() { Name = firstTitle })).ToBeVisibleAsync();
        await Assertions.Expect(panel).ToContainTextAsync("相似度");
        await Assertions.Expect(office.Locator("#title")).ToHaveValueAsync(secondTitle);
        await SiteFixture.ScreenshotAsync(office, "office-file");
        await AssertAccessibleAsync(office);

        await office.SelectOptionAsync("#category", new SelectOptionValue { Index = 1 });
        await office.ClickAsync("#file-submit");
        await office.WaitForURLAsync(new Regex(@"/Suggestions/\d+$"));
        await Assertions.Expect(office.Locator(".alert-ok")).ToContainTextAsync("已代录建议");
        await Assertions.Expect(office.Locator("#suggestion-title")).ToContainTextAsync(secondTitle);
        await Assertions.Expect(office.Locator("main")).ToContainTextAsync($"{lead.Name}（{lead.Delegation}）");
        await Assertions.Expect(office.Locator("#timeline-section")).ToContainTextAsync("联工委代录");
        // The earlier one is listed on the new suggestion's page, where the office may merge it (并案).
        await Assertions.Expect(office.Locator("#similar [data-testid=similar-item]").First).ToContainTextAsync(firstTitle);
        run.AssertNoBrowserErrors();
    }

    /// <summary>axe-core finds no violation on the 代录 form.</summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.NotEmpty(result.Passes); // axe did run its rules on this page
        Assert.True(result.Violations.Length == 0, "axe on the 代录 form: " + string.Join("; ",
            result.Violations.Select(v => $"{v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
