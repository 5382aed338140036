using DocumentFormat.OpenXml.Packaging;
using SupervisionFlow.E2E.Tests.TestSupport;
using SupervisionFlow.Web.Domain.Documents;

namespace SupervisionFlow.E2E.Tests.Documents;

/// <summary>
/// The 答复函 in the browser: the head sees the draft on the sign-off form, signs off and downloads the final letter
/// with its 文号; the unit uploads the sealed scan; the deputy gets the sealed scan on the portal. Then the office opens
/// the 考核 page, follows a figure to its suggestions and exports the ranking.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class ReplyLetterAndAssessmentTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task HeadSignsOff_DeputySeesTheSealedLetter_OfficeExportsTheAssessment()
    {
        await using var run = site.Begin(nameof(HeadSignsOff_DeputySeesTheSealedLetter_OfficeExportsTheAssessment));
        var unit = await site.UnitOfAsync("handler");
        var title = $"关于增设社区充电桩的建议（E2E {Guid.NewGuid().ToString("N")[..6]}）";
        var deputy = await run.SignInAsync("deputy");
        var id = await Journeys.SubmitSessionSuggestionAsync(deputy, title, "老旧小区电动车充电难，建议增设集中充电桩。");
        var office = await run.SignInAsync("lgw");
        await Journeys.ReviewAndAssignAsync(office, id, title, unit.Name, site.Today);

        var handler = await run.SignInAsync("handler");
        await handler.OpenTaskAsync(title, "签收");
        await handler.CheckChoiceAsync("ackDecision", "accept");
        await handler.SubmitTaskAsync("签收");
        await handler.OpenTaskAsync(title, "三定");
        await handler.FillFieldAsync("handlerName", "陈经办");
        await handler.FillFieldAsync("handlerPhone", "0571-88005678");
        await handler.FillFieldAsync("plan", "摸排需求，分批建设。");
        await handler.FillFieldAsync("plannedCompletionOn", PageActions.Iso(site.Today.AddDays(40)));
        await handler.SubmitTaskAsync("三定");
        foreach (var visit in new[] { "办前拜访", "办中走访" })
        {
            await handler.OpenTaskAsync(title, visit);
            await handler.CheckChoiceAsync("method", "上门拜访");
            await handler.FillFieldAsync("summary", $"{visit}：与代表沟通。");
            await handler.SubmitTaskAsync(visit);
        }
        await handler.OpenTaskAsync(title, "拟写答复");
        await handler.CheckChoiceAsync("resultClass", "B");
        await handler.FillFieldAsync("text", "已将充电桩建设列入明年计划，首批建设二百个。");
        await handler.SubmitTaskAsync("拟写答复");

        // ---- 单位负责人: the draft on the sign-off form, then the final letter after signing
        var head = await run.SignInAsync("head");
        await head.OpenTaskAsync(title, "负责人签发");
        var draft = await DownloadAsync(head, "[data-testid='reply-letter-draft']");
        Assert.Contains("草稿", draft.Name, StringComparison.Ordinal);
        Assert.Contains("草稿（未签发，不作为正式答复）", draft.Text, StringComparison.Ordinal);
        await head.SubmitTaskAsync("负责人签发");
        await head.GotoAsync($"/Suggestions/{id}");
        var final = await DownloadAsync(head, "[data-testid='reply-letter-final']");
        Assert.Matches(@"^答复函-.+复〔\d{4}〕\d+号\.docx$", final.Name);
        Assert.Empty(final.Placeholders);
        foreach (var expected in new[] { title, "陈经办", "0571-88005678", "已将充电桩建设列入明年计划", "答复类别：B" })
        {
            Assert.Contains(expected, final.Text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("草稿", final.Text, StringComparison.Ordinal);
        await SiteFixture.ScreenshotAsync(head, "reply-letter-box");

        // ---- 经办人: uploads the sealed scan, then 办后回访
        await handler.GotoAsync($"/Suggestions/{id}");
        await handler.SetInputFilesAsync("[data-testid='reply-letter-scan-file']", new FilePayload
        {
            Name = "盖章答复函.pdf", MimeType = "application/pdf", Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% sealed\n%%EOF\n"),
        });
        await handler.ClickAsync("[data-testid='reply-letter-scan-upload']");
        await Assertions.Expect(handler.Locator("[data-testid='reply-letters']")).ToContainTextAsync("已上传盖章扫描件");
        await handler.OpenTaskAsync(title, "办后回访");
        await handler.CheckChoiceAsync("method", "电话");
        await handler.FillFieldAsync("summary", "电话回访。");
        await handler.FillFieldAsync("deputyView", "认可。");
        await handler.SubmitTaskAsync("办后回访");

        // ---- 代表: the portal offers the sealed scan
        await deputy.GotoAsync($"/Portal/Suggestion/{id}");
        var scan = deputy.Locator("[data-testid='reply-letter-scan']");
        await Assertions.Expect(scan).ToBeVisibleAsync();
        var download = await deputy.RunAndWaitForDownloadAsync(() => scan.ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal("%PDF-1.4\n% sealed\n%%EOF\n", await File.ReadAllTextAsync((await download.PathAsync())!));
        await Assertions.Expect(deputy.Locator("[data-testid='reply-letter-draft']")).ToHaveCountAsync(0);

        // ---- 联工委: the 考核 page, a figure's suggestions, the exports
        await office.GotoAsync("/Assessment");
        var row = office.Locator("[data-testid='assessment-table'] tbody tr", new() { HasText = unit.Name });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await SiteFixture.ScreenshotAsync(office, "assessment-page");
        await row.Locator("td").Nth(4).Locator("a").ClickAsync(); // 三访完成率
        await Assertions.Expect(office.Locator("[data-testid='assessment-detail']")).ToContainTextAsync(title);
        var xlsx = await office.RunAndWaitForDownloadAsync(() => office.Locator("[data-testid='assessment-xlsx']").ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename, StringComparison.Ordinal);
        Assert.True(new FileInfo((await xlsx.PathAsync())!).Length > 1000);
        var docx = await office.RunAndWaitForDownloadAsync(() => office.Locator("[data-testid='assessment-docx']").ClickAsync());
        Assert.Contains(unit.Name, Open(await File.ReadAllBytesAsync((await docx.PathAsync())!)).Text, StringComparison.Ordinal);
        run.AssertNoBrowserErrors();
    }

    private static async Task<(string Name, string Text, IReadOnlyList<string> Placeholders)> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(selector).ClickAsync());
        var (text, placeholders) = Open(await File.ReadAllBytesAsync((await download.PathAsync())!));
        return (download.SuggestedFilename, text, placeholders);
    }

    private static (string Text, IReadOnlyList<string> Placeholders) Open(byte[] docx)
    {
        using var stream = new MemoryStream(docx, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        return (DocxPlaceholders.BodyText(document), DocxPlaceholders.Find(document));
    }
}
