using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace SupervisionFlow.E2E.Tests.TestSupport;

/// <summary>
/// The browsing of one test: each signed-in user gets a browser context of their own (own cookies), and every page is
/// watched — an uncaught script error, or a console error the test did not expect, fails the test in
/// <see cref="AssertNoBrowserErrors"/>. A page answering with a status a test provokes on purpose (400 for a form with
/// errors, 403 for another unit's task) is allowed only inside <see cref="Expecting"/>.
/// </summary>
public sealed partial class BrowserRun(SiteFixture site, string testName) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly List<IBrowserContext> _contexts = [];
    private readonly HashSet<int> _expectedStatuses = [];
    private readonly Lock _gate = new();

    public SiteFixture Site => site;

    /// <summary>Every page visited, for the report when something fails.</summary>
    public ConcurrentQueue<string> Visited { get; } = new();

    /// <summary>A signed-out visitor.</summary>
    public async Task<IPage> AnonymousAsync(ViewportSize? viewport = null)
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseUrl,
            Locale = "zh-CN",
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = viewport is not null && viewport.Width < 600,
            HasTouch = viewport is not null && viewport.Width < 600,
        });
        // Generous: the host shares the machine with builds; a real hang still fails well inside the run's budget.
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(45_000);
        lock (_gate)
        {
            _contexts.Add(context);
        }
        var page = await context.NewPageAsync();
        Watch(page);
        return page;
    }

    /// <summary>Signs in through the login form as a demo user (all share <see cref="AppHost.Password"/>).</summary>
    public async Task<IPage> SignInAsync(string userName, ViewportSize? viewport = null)
    {
        var page = await AnonymousAsync(viewport);
        await page.GotoAsync("/Auth/Login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", AppHost.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Auth/Login", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, await page.Locator(".site-user form[action='/Auth/Logout']").CountAsync());
        return page;
    }

    /// <summary>Inside the returned scope a response with one of <paramref name="statuses"/> is not a console error.</summary>
    public IDisposable Expecting(params int[] statuses)
    {
        lock (_gate)
        {
            _expectedStatuses.UnionWith(statuses);
        }
        return new Scope(() =>
        {
            lock (_gate)
            {
                _expectedStatuses.ExceptWith(statuses);
            }
        });
    }

    public void AssertNoBrowserErrors()
    {
        Assert.True(_errors.IsEmpty,
            $"{testName}: errors in the browser:\n  {string.Join("\n  ", _errors)}\npages visited:\n  {string.Join("\n  ", Visited)}");
    }

    private void Watch(IPage page)
    {
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                Visited.Enqueue(frame.Url);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue($"page error on {page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type != "error")
            {
                return;
            }
            // Chromium asks for /favicon.ico by itself; the site has none (reported, not a page's script error).
            if (message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                return;
            }
            var status = StatusInMessage().Match(message.Text);
            lock (_gate)
            {
                if (status.Success && _expectedStatuses.Contains(int.Parse(status.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    return;
                }
            }
            _errors.Enqueue($"console error on {page.Url}: {message.Text} ({message.Location})");
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    [GeneratedRegex(@"status of (\d{3})")]
    private static partial Regex StatusInMessage();

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
