using System.Globalization;
using System.Text.RegularExpressions;

namespace SupervisionFlow.E2E.Tests.TestSupport;

/// <summary>What users do again and again: find a task in the inbox, fill a task form, submit it.</summary>
public static partial class PageActions
{
    /// <summary>The inbox rows (<c>table.inbox</c>) whose suggestion is <paramref name="title"/>, searched with the inbox's own filter.</summary>
    public static async Task<ILocator> InboxRowsAsync(this IPage page, string title)
    {
        await page.GotoAsync("/Inbox?Filter.Q=" + Uri.EscapeDataString(title));
        return page.Locator("table.inbox tbody tr").Filter(new LocatorFilterOptions { HasText = title });
    }

    /// <summary>Opens the task <paramref name="taskName"/> of the suggestion from the inbox, as a user would (the 办理 button).</summary>
    public static async Task OpenTaskAsync(this IPage page, string title, string taskName)
    {
        var rows = await page.InboxRowsAsync(title);
        var row = rows.Filter(new LocatorFilterOptions { Has = page.Locator("td[data-label='任务'] a", new PageLocatorOptions { HasTextRegex = Exact(taskName) }) });
        var count = await row.CountAsync();
        Assert.True(count == 1,
            $"inbox of {await page.Locator(".user-name").InnerTextAsync()}: expected one '{taskName}' row for '{title}', found {count}; rows: {string.Join(" | ", await rows.AllInnerTextsAsync())}");
        await row.Locator("a.btn-primary", new LocatorLocatorOptions { HasText = "办理" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Tasks/"));
        Assert.Equal(taskName, (await page.Locator("main h1").First.InnerTextAsync()).Trim());
    }

    /// <summary>The task form (the form of the 办理 card, not the sign-out form in the header).</summary>
    public static ILocator TaskForm(this IPage page) => page.Locator("main form[method=post]").Filter(new LocatorFilterOptions { Has = page.Locator("button.btn-primary", new PageLocatorOptions { HasText = "提交" }) });

    public static Task CheckChoiceAsync(this IPage page, string field, string value) =>
        page.Locator($"[data-field='{field}'] input[value='{value}']").CheckAsync();

    public static Task FillFieldAsync(this IPage page, string field, string value) =>
        page.Locator($"#f-{field}").FillAsync(value);

    /// <summary>Submits the task form and expects the inbox with its "已提交" message.</summary>
    public static async Task SubmitTaskAsync(this IPage page, string taskName)
    {
        await page.TaskForm().Locator("button.btn-primary").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/Inbox", StringComparison.Ordinal) || url.Contains("/Tasks/", StringComparison.Ordinal));
        if (page.Url.Contains("/Tasks/", StringComparison.Ordinal))
        {
            var errors = await page.Locator(".alert-error, .field-error").AllInnerTextsAsync();
            Assert.Fail($"'{taskName}' was not accepted: {string.Join(" | ", errors)}");
        }
        await Assertions.Expect(page.Locator(".alert-ok")).ToContainTextAsync($"已提交“{taskName}”");
    }

    /// <summary>Submits the task form expecting it back with Chinese messages; returns field → message.</summary>
    public static async Task<Dictionary<string, string>> SubmitTaskExpectingErrorsAsync(this IPage page, BrowserRun run)
    {
        using (run.Expecting(400))
        {
            await page.TaskForm().Locator("button.btn-primary").ClickAsync();
            await page.Locator(".field-error").First.WaitForAsync();
        }
        Assert.Contains("/Tasks/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main .alert-error")).ToContainTextAsync("请更正下列标红的内容后再提交");
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in await page.Locator(".form-row.has-error").AllAsync())
        {
            errors[await row.GetAttributeAsync("data-field") ?? "?"] = await row.Locator(".field-error").InnerTextAsync();
        }
        return errors;
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>True when the text has Chinese characters (a message meant for the user, not an exception text).</summary>
    public static bool IsChinese(string text) => HanCharacters().IsMatch(text);

    public static Regex Exact(string text) => new("^\\s*" + Regex.Escape(text) + "\\s*$");

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HanCharacters();
}
