using System.Collections.Concurrent;
using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Admin;

/// <summary>
/// The API reference (Scalar) renders for an administrator under the site's CSP, with nothing blocked and nothing
/// fetched from anywhere but this host (the product must work without internet access).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class ApiReferenceTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task Admin_OpensTheApiReference_ItRendersFromThisHostOnly()
    {
        await using var run = site.Begin(nameof(Admin_OpensTheApiReference_ItRendersFromThisHostOnly));
        var admin = await run.SignInAsync("admin");
        var requested = new ConcurrentQueue<string>();
        admin.Request += (_, request) => requested.Enqueue(request.Url);

        var document = admin.WaitForResponseAsync(r => r.Url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        var response = await admin.GotoAsync("/api/reference/");

        Assert.Equal(200, response?.Status);
        Assert.Equal(200, (await document).Status);
        // Scalar lists the operations of the document: one of the suggestions API's shows up as rendered text.
        await Assertions.Expect(admin.Locator("#app, .scalar-app").First).ToContainTextAsync("/api/suggestions/import/xlsx", new() { Timeout = 45_000 });
        await SiteFixture.ScreenshotAsync(admin, "api-reference");
        var foreign = requested.Where(url => !url.StartsWith(site.BaseUrl + "/", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)).ToList();
        Assert.True(foreign.Count == 0, "requests off this host: " + string.Join(", ", foreign));
        run.AssertNoBrowserErrors();
    }
}
