using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Pages;

/// <summary>The main pages of each role open without script or console errors; their screenshots are the artefacts.</summary>
[Collection(SiteCollection.Name)]
public sealed class MainPagesTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task MainPages_EachRole_OpenWithoutErrors()
    {
        await using var run = site.Begin(nameof(MainPages_EachRole_OpenWithoutErrors));

        var office = await run.SignInAsync("lgw");
        await office.GotoAsync("/Inbox");
        await Assertions.Expect(office.Locator("main h1")).ToContainTextAsync("待办");
        await SiteFixture.ScreenshotAsync(office, "inbox-office");
        await office.GotoAsync("/Dashboard");
        await office.Locator("#dashboard-charts canvas").First.WaitForAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(office.Locator("#unit-table tbody tr").First).ToBeVisibleAsync();
        await SiteFixture.ScreenshotAsync(office, "dashboard");
        await office.GotoAsync("/Suggestions");
        await SiteFixture.ScreenshotAsync(office, "suggestions");
        await office.GotoAsync("/Meetings");
        await SiteFixture.ScreenshotAsync(office, "meetings");

        var handler = await run.SignInAsync("handler");
        await handler.GotoAsync("/Inbox");
        var row = handler.Locator("table.inbox tbody tr").First;
        if (await row.CountAsync() > 0)
        {
            await row.Locator("a.btn-primary").ClickAsync();
            await handler.Locator("main form[method=post]").First.WaitForAsync();
            await SiteFixture.ScreenshotAsync(handler, "task-form");
        }

        var leader = await run.SignInAsync("leader");
        await leader.GotoAsync("/Dashboard");
        await leader.Locator("#dashboard-charts canvas").First.WaitForAsync(new() { Timeout = 15_000 });

        var admin = await run.SignInAsync("admin");
        await admin.GotoAsync("/Designer");
        await Assertions.Expect(admin.Locator("#definitions tr.latest")).Not.ToHaveCountAsync(0);
        await admin.GotoAsync("/Admin/Jobs");
        await SiteFixture.ScreenshotAsync(admin, "admin-jobs");

        var deputy = await run.SignInAsync("deputy");
        await deputy.GotoAsync("/Portal");
        await SiteFixture.ScreenshotAsync(deputy, "portal");

        var visitor = await run.AnonymousAsync();
        await visitor.GotoAsync("/Public");
        await SiteFixture.ScreenshotAsync(visitor, "public");
        await visitor.GotoAsync("/Auth/Login");
        await SiteFixture.ScreenshotAsync(visitor, "login");

        run.AssertNoBrowserErrors();
    }
}
