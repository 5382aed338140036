using System.Text.RegularExpressions;
using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Security;

/// <summary>User text is escaped everywhere it is shown: a title with a script tag is text, and nothing runs.</summary>
[Collection(SiteCollection.Name)]
public sealed class EscapingTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task SuggestionTitle_WithScriptTag_RendersAsText()
    {
        await using var run = site.Begin(nameof(SuggestionTitle_WithScriptTag_RendersAsText));
        var marker = Guid.NewGuid().ToString("N")[..6];
        var title = $"<script>alert(1)</script>{marker}";
        var dialogs = new List<string>();

        var deputy = await run.SignInAsync("deputy");
        deputy.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await deputy.GotoAsync("/Portal/Submit");
        await deputy.CheckAsync("input[name='Input.Kind'][value='Session']");
        await deputy.FillAsync("#title", title);
        await deputy.FillAsync("#content", "<img src=x onerror=alert(2)> 内容里的标记也只是文字。");
        await deputy.SelectOptionAsync("#category", new SelectOptionValue { Index = 1 });
        await deputy.ClickAsync("form.portal-form button.btn-primary");
        await deputy.WaitForURLAsync(new Regex(@"/Portal/Suggestion/\d+"));
        var id = Regex.Match(deputy.Url, @"/Portal/Suggestion/(\d+)").Groups[1].Value;
        await Assertions.Expect(deputy.Locator("h1.portal-title")).ToHaveTextAsync(title);
        Assert.Equal(0, await deputy.Locator("h1.portal-title script").CountAsync());
        await deputy.GotoAsync("/Portal");
        await Assertions.Expect(deputy.Locator($"li.portal-item[data-id='{id}'] .portal-title")).ToHaveTextAsync(title);

        var office = await run.SignInAsync("lgw");
        office.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        var row = (await office.InboxRowsAsync(marker)).First;
        await Assertions.Expect(row).ToContainTextAsync(title);
        Assert.Equal(0, await office.Locator("table.inbox script").CountAsync());
        await office.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(office.Locator("#suggestion-title")).ToHaveTextAsync(title);
        await Assertions.Expect(office.Locator("#suggestion-content")).ToContainTextAsync("<img src=x onerror=alert(2)>");
        Assert.Equal(0, await office.Locator("main script, main img[src='x']").CountAsync());
        await office.GotoAsync("/Suggestions?q=" + marker);
        await Assertions.Expect(office.Locator("main")).ToContainTextAsync(title);

        Assert.Empty(dialogs);
        run.AssertNoBrowserErrors();
    }
}
