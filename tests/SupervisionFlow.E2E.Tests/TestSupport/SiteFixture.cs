using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.E2E.Tests.TestSupport;

/// <summary>All browser tests share one host and one Chromium: seeding the demo session once keeps the run short.</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "site";
}

/// <summary>
/// One running site (<see cref="AppHost"/>) and one headless Chromium (Debian's, launched by path: Playwright's own
/// browser download is not available here). Nothing starts when Chromium is missing; the tests then skip.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public AppHost Host { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => Host.BaseUrl;

    /// <summary>Screenshots of this run, beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (ChromiumFactAttribute.ExecutablePath is not { } chromium)
        {
            return;
        }
        Host.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
        await Host.DisposeAsync();
    }

    /// <summary>A test's browsing: every page it opens is watched for script and console errors.</summary>
    public BrowserRun Begin(string testName) => new(this, testName);

    /// <summary>Reads the database the way the app does (set-up knowledge such as a demo user's unit name, never the assertion).</summary>
    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Host.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The engine's (manual) clock date in China.</summary>
    public DateOnly Today => ChinaTime.DateOf(Host.Services.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>The handling unit the demo user <paramref name="userName"/> belongs to.</summary>
    public Task<HandlingUnit> UnitOfAsync(string userName) => QueryAsync(async db =>
    {
        var user = await db.Set<AppUser>().SingleAsync(u => u.UserName == userName);
        return await db.Set<HandlingUnit>().SingleAsync(u => u.Id == user.UnitId);
    });

    /// <summary>Saves a screenshot under bin/…/screenshots, and into SF_SCREENSHOTS_DIR (relative to the repository) when set.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        if (Environment.GetEnvironmentVariable("SF_SCREENSHOTS_DIR") is { Length: > 0 } stable)
        {
            var folder = Path.IsPathRooted(stable) ? stable : Path.Combine(RepoPaths.Root, stable);
            Directory.CreateDirectory(folder);
            File.Copy(path, Path.Combine(folder, name + ".png"), overwrite: true);
        }
    }
}
