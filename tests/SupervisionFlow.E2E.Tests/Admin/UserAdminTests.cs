using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Admin;

/// <summary>
/// 用户管理 in the browser: the administrator gives a new colleague of a unit an account, the colleague signs in and
/// works from the unit's inbox; locked, the account can no longer sign in.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class UserAdminTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task Admin_CreatesAUnitHandler_WhoSeesTheUnitsInbox_ThenLocksTheAccount()
    {
        await using var run = site.Begin(nameof(Admin_CreatesAUnitHandler_WhoSeesTheUnitsInbox_ThenLocksTheAccount));
        var unit = await site.UnitOfAsync("handler");
        var admin = await run.SignInAsync("admin");

        await admin.GotoAsync("/Admin/Users/Create");
        await admin.FillAsync("#userName", "new.handler");
        await admin.FillAsync("#password", AppHost.Password);
        await admin.FillAsync("#displayName", "新来的经办人");
        await admin.SelectOptionAsync("#role", "unit-handler");
        // A unit role without its unit is refused beside the field, in Chinese.
        using (run.Expecting(400))
        {
            await admin.ClickAsync("main form button[type=submit]");
            await Assertions.Expect(admin.Locator("#unitId-error")).ToBeVisibleAsync();
        }
        Assert.True(PageActions.IsChinese(await admin.Locator("#unitId-error").InnerTextAsync()));
        await admin.FillAsync("#password", AppHost.Password);
        await admin.SelectOptionAsync("#unitId", unit.Id);
        await admin.ClickAsync("main form button[type=submit]");
        await admin.WaitForURLAsync(url => !url.Contains("/Create", StringComparison.Ordinal));

        await admin.GotoAsync("/Admin/Users?q=new.handler");
        var row = admin.Locator("tr[data-user-name='new.handler']");
        await Assertions.Expect(row).ToContainTextAsync(unit.Name);
        await SiteFixture.ScreenshotAsync(admin, "admin-users");

        var colleague = await run.SignInAsync("new.handler");
        var handler = await run.SignInAsync("handler");
        await colleague.GotoAsync("/Inbox");
        await handler.GotoAsync("/Inbox");
        Assert.Equal(await handler.Locator("h1 .muted").InnerTextAsync(), await colleague.Locator("h1 .muted").InnerTextAsync());

        await row.Locator("a").First.ClickAsync();
        await admin.ClickAsync("#lock form button[type=submit]");
        await Assertions.Expect(admin.Locator("#lock")).ToContainTextAsync("已被锁定");

        var again = await run.AnonymousAsync();
        await again.GotoAsync("/Auth/Login");
        await again.FillAsync("#userName", "new.handler");
        await again.FillAsync("#password", AppHost.Password);
        using (run.Expecting(400))
        {
            await again.ClickAsync("form button[type=submit]");
            await Assertions.Expect(again.Locator(".alert-error")).ToContainTextAsync("账号已被系统管理员锁定");
        }
        run.AssertNoBrowserErrors();
    }
}
