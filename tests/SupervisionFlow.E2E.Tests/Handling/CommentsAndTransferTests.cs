using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Handling;

/// <summary>
/// Issue #13 in the browser: a 沟通记录 thread written by the office, the unit and the deputy, each reader seeing only
/// the messages meant for them; and a unit head transferring (转办) the unit's task to its handler.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class CommentsAndTransferTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task CommentThread_SeenByRole_AndHeadTransfersTask()
    {
        await using var run = site.Begin(nameof(CommentThread_SeenByRole_AndHeadTransfersTask));
        var unit = await site.UnitOfAsync("handler");
        var title = $"关于完善社区公交接驳的建议（E2E {Guid.NewGuid().ToString("N")[..6]}）";
        var deputy = await run.SignInAsync("deputy");
        var id = await Journeys.SubmitSessionSuggestionAsync(deputy, title, "社区与地铁站之间缺少接驳公交，建议开通微循环线路。");
        var office = await run.SignInAsync("lgw");
        await Journeys.ReviewAndAssignAsync(office, id, title, unit.Name, site.Today);

        // ---- 联工委 writes to the deputy only; the unit writes to office and units only
        await PostAsync(office, $"/Suggestions/{id}", "OfficeAndDeputy", "联工委：测评前如有意见可在此留言。");
        var handler = await run.SignInAsync("handler");
        await PostAsync(handler, $"/Suggestions/{id}", "OfficeAndUnits", "承办单位：已安排专人，下周拜访代表。");
        var unitThread = handler.Locator("#comment-list");
        await Assertions.Expect(unitThread).ToContainTextAsync("承办单位：已安排专人");
        await Assertions.Expect(unitThread).Not.ToContainTextAsync("联工委：测评前");
        await Assertions.Expect(handler.Locator("#comment-audience option[value='OfficeAndDeputy']")).ToHaveCountAsync(0);

        // ---- 代表 on the portal: the office's message, not the unit's; writes to everyone
        await deputy.GotoAsync($"/Portal/Suggestion/{id}");
        await Assertions.Expect(deputy.Locator("#comment-list")).ToContainTextAsync("联工委：测评前如有意见可在此留言。");
        await Assertions.Expect(deputy.Locator("#comment-list")).Not.ToContainTextAsync("承办单位：已安排专人");
        await PostAsync(deputy, $"/Portal/Suggestion/{id}", "All", "代表：欢迎来访，盼早日开通。");
        await SiteFixture.ScreenshotAsync(deputy, "portal-comments");

        // ---- the unit sees the deputy's message to everyone; the office sees all three
        await handler.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(unitThread).ToContainTextAsync("代表：欢迎来访");
        await Assertions.Expect(unitThread).Not.ToContainTextAsync("联工委：测评前");
        await office.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(office.Locator("#comment-list li.comment")).ToHaveCountAsync(3);
        await SiteFixture.ScreenshotAsync(office, "suggestion-comments-office");

        // ---- 单位负责人 transfers the 签收 task to the handler
        var head = await run.SignInAsync("head");
        await head.OpenTaskAsync(title, "签收");
        await head.SelectOptionAsync("#transfer-to", "handler");
        await head.FillAsync("#transfer-reason", "由经办人负责签收与办理。");
        await head.ClickAsync("#transfer-form button[type=submit]");
        await Assertions.Expect(head.Locator("#handover .alert-ok")).ToHaveTextAsync("已转办。");
        await Assertions.Expect(head.Locator("main dl.summary").First).ToContainTextAsync("handler");
        await SiteFixture.ScreenshotAsync(head, "task-transfer");
        await head.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(head.Locator("#timeline-section")).ToContainTextAsync("由经办人负责签收与办理。");
        run.AssertNoBrowserErrors();
    }

    private static async Task PostAsync(IPage page, string url, string audience, string text)
    {
        await page.GotoAsync(url);
        await page.SelectOptionAsync("#comment-audience", audience);
        await page.FillAsync("#comment-body", text);
        await page.ClickAsync("#comment-form button[type=submit]");
        await Assertions.Expect(page.Locator("#comments .alert-ok")).ToHaveTextAsync("留言已发送。");
        await Assertions.Expect(page.Locator("#comment-list")).ToContainTextAsync(text);
    }
}
