using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Admin;

/// <summary>
/// The Hangfire Dashboard in the browser, under the site's Content-Security-Policy: the administrator follows the link
/// from 提醒与任务, the dashboard's own scripts run (its live chart is drawn) and nothing is refused; another role is
/// sent to the 403 page.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class HangfireDashboardTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task Admin_OpensHangfireDashboardFromJobsPage_ItsScriptsRunUnderTheSitesCsp()
    {
        await using var run = site.Begin(nameof(Admin_OpensHangfireDashboardFromJobsPage_ItsScriptsRunUnderTheSitesCsp));
        var admin = await run.SignInAsync("admin");

        await admin.GotoAsync("/Admin/Jobs");
        await admin.ClickAsync("#schedules a[href='/Admin/Hangfire']");
        await admin.WaitForURLAsync(url => url.Contains("/Admin/Hangfire", StringComparison.Ordinal));

        await Assertions.Expect(admin.Locator(".navbar-brand")).ToContainTextAsync("后台任务（Hangfire）");
        // Chart.js, loaded from the dashboard's own script route, has drawn the live graph: the CSP let it run.
        await admin.WaitForFunctionAsync("() => window.Hangfire && window.Hangfire.page && window.Hangfire.page.realtimeGraph");
        await SiteFixture.ScreenshotAsync(admin, "admin-hangfire");
        // The site's host runs a Hangfire server (named after this machine) over the dashboard's storage.
        await admin.GotoAsync("/Admin/Hangfire/servers");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync(Environment.MachineName.ToLowerInvariant());
        run.AssertNoBrowserErrors();
    }

    [ChromiumFact]
    public async Task Office_OpensHangfireDashboard_IsForbidden()
    {
        await using var run = site.Begin(nameof(Office_OpensHangfireDashboard_IsForbidden));
        var office = await run.SignInAsync("lgw");
        using (run.Expecting(403))
        {
            var response = await office.GotoAsync("/Admin/Hangfire");
            Assert.Equal(403, response?.Status);
            Assert.Contains("/Auth/AccessDenied", office.Url, StringComparison.Ordinal);
        }
        run.AssertNoBrowserErrors();
    }
}
