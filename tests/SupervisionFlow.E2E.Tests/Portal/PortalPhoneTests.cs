using System.Text.RegularExpressions;
using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Portal;

/// <summary>Deputies use the portal on their phones: a 375×812 viewport, no page wider than the screen.</summary>
[Collection(SiteCollection.Name)]
public sealed class PortalPhoneTests(SiteFixture site)
{
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    [ChromiumFact]
    public async Task Portal_OnPhone_SubmitsWithoutHorizontalScroll()
    {
        await using var run = site.Begin(nameof(Portal_OnPhone_SubmitsWithoutHorizontalScroll));
        var deputy = await run.SignInAsync("deputy", Phone);
        await deputy.GotoAsync("/Portal");
        await AssertFitsAsync(deputy);
        await SiteFixture.ScreenshotAsync(deputy, "portal-phone-list");

        await deputy.ClickAsync("a[href='/Portal/Submit']");
        await AssertFitsAsync(deputy);
        var title = $"关于优化公交线路的建议（E2E {Guid.NewGuid().ToString("N")[..6]}）";
        await deputy.CheckAsync("input[name='Input.Kind'][value='Session']");
        await deputy.FillAsync("#title", title);
        await deputy.FillAsync("#content", "新建小区公交覆盖不足，建议增开微循环线路。");
        await deputy.SelectOptionAsync("#category", new SelectOptionValue { Index = 1 });
        await deputy.CheckAsync("input[name='Input.Disclosure'][value='TitleOnly']");
        await SiteFixture.ScreenshotAsync(deputy, "portal-phone-submit");
        await deputy.ClickAsync("form.portal-form button.btn-primary");
        await deputy.WaitForURLAsync(new Regex(@"/Portal/Suggestion/\d+"));
        await Assertions.Expect(deputy.Locator("h1.portal-title")).ToHaveTextAsync(title);
        await AssertFitsAsync(deputy);
        await SiteFixture.ScreenshotAsync(deputy, "portal-phone-suggestion");

        await deputy.GotoAsync("/Portal");
        await Assertions.Expect(deputy.Locator("li.portal-item", new() { HasText = title })).ToBeVisibleAsync();
        await AssertFitsAsync(deputy);
        run.AssertNoBrowserErrors();
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"{page.Url}: page is {scroll}px wide on a {client}px screen (horizontal scroll)");
    }
}
