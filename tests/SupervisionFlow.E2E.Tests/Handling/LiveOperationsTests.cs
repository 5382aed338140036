using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.E2E.Tests.TestSupport;
using SupervisionFlow.Engine;

namespace SupervisionFlow.E2E.Tests.Handling;

/// <summary>
/// Issue #13 (operating a live session) in the browser: 版本迁移 with a dry run and a background run whose progress
/// reaches done; a deadline change on the 流程干预 page shown on the timeline; a bulk 延期 from the list, previewed then confirmed.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class LiveOperationsTests(SiteFixture site)
{
    /// <summary>A process of this test's own, so moving its instances leaves the other tests' suggestions alone.</summary>
    private const string DemoKey = "e2e-migration-demo";

    private static string DemoXml(string stepName) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="e2e-demo" targetNamespace="http://supervisionflow.test/e2e">
          <process id="{DemoKey}" name="迁移演示" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="toCheck" sourceRef="start" targetRef="check" />
            <userTask id="check" name="{stepName}" camunda:candidateGroups="office" />
            <sequenceFlow id="toEnd" sourceRef="check" targetRef="end" />
            <endEvent id="end" />
          </process>
        </definitions>
        """;

    [ChromiumFact]
    public async Task MigrationPage_DryRunCounts_BackgroundRunReachesDone()
    {
        await using var run = site.Begin(nameof(MigrationPage_DryRunCounts_BackgroundRunReachesDone));
        var engine = site.Host.Services.GetRequiredService<ProcessEngine>();
        await engine.DeployAsync(DemoXml("核对"));
        await engine.StartProcessAsync(DemoKey, businessKey: "e2e-demo-1");
        await engine.StartProcessAsync(DemoKey, businessKey: "e2e-demo-2");
        await engine.DeployAsync(DemoXml("核对（新版）"));
        var admin = await run.SignInAsync("admin");
        // The run buttons ask first: the administrator accepts.
        var asked = new List<string>();
        admin.Dialog += (_, dialog) =>
        {
            asked.Add(dialog.Message);
            _ = dialog.AcceptAsync();
        };

        await admin.GotoAsync($"/Admin/Migrations?key={DemoKey}&source={DemoKey}:1&target={DemoKey}:2");
        await Assertions.Expect(admin.Locator("select[data-source='check']")).ToHaveValueAsync("check");
        await admin.ClickAsync("#mapping button:has-text('试运行')");
        await Assertions.Expect(admin.Locator("#dry-run")).ToContainTextAsync("办理中 2 件，可迁移 2 件");
        await SiteFixture.ScreenshotAsync(admin, "migration-dry-run");

        await admin.ClickAsync("#mapping button:has-text('后台执行')");
        await admin.WaitForURLAsync(new Regex("batch="));
        Assert.Equal(["确定在后台迁移所有可迁移的建议吗？"], asked);
        // The page refreshes itself every 2 s while the Hangfire job runs.
        await Assertions.Expect(admin.Locator("#batch[data-state='Done']")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Assertions.Expect(admin.Locator("#batch")).ToContainTextAsync("已完成：共 2 件，已处理 2 件，已迁移 2 件");
        await SiteFixture.ScreenshotAsync(admin, "migration-done");
        var instances = await engine.FindInstancesAsync(new Engine.Queries.InstanceQuery(DefinitionKey: DemoKey));
        Assert.All(instances, i => Assert.Equal($"{DemoKey}:2", i.DefinitionId));
        run.AssertNoBrowserErrors();
    }

    [ChromiumFact]
    public async Task OperationsPage_DeadlineChange_OnTimeline()
    {
        await using var run = site.Begin(nameof(OperationsPage_DeadlineChange_OnTimeline));
        var (office, id, _) = await AssignedAsync(run, "关于延长社区图书馆开放时间的建议");
        var newDue = PageActions.Iso(site.Today.AddDays(40));

        await office.GotoAsync($"/Suggestions/{id}/Operations");
        var task = office.Locator("article.operation-task[data-activity='acknowledge']");
        await task.Locator("input[name='dueOn']").FillAsync(newDue);
        await task.Locator("input[name='reason']").First.FillAsync("代表外出视察，签收顺延。");
        await task.Locator("button:has-text('调整期限')").ClickAsync();
        await Assertions.Expect(office.Locator(".alert-ok")).ToHaveTextAsync("任务期限已调整。");
        await Assertions.Expect(office.Locator("article.operation-task[data-activity='acknowledge'] .task-due")).ToHaveTextAsync(newDue);

        await office.GotoAsync($"/Suggestions/{id}");
        var timeline = office.Locator("#timeline-section");
        await Assertions.Expect(timeline).ToContainTextAsync("调整任务期限");
        await Assertions.Expect(timeline).ToContainTextAsync($"→ {newDue}：代表外出视察，签收顺延。");
        await SiteFixture.ScreenshotAsync(office, "operations-deadline-timeline");
        run.AssertNoBrowserErrors();
    }

    [ChromiumFact]
    public async Task SuggestionList_BulkExtendTwo_PreviewThenConfirm_ProgressPageShowsResult()
    {
        await using var run = site.Begin(nameof(SuggestionList_BulkExtendTwo_PreviewThenConfirm_ProgressPageShowsResult));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (office, first, firstTitle) = await AssignedAsync(run, $"关于增设公共自行车站点的建议（批量 {tag}）");
        var (_, second, secondTitle) = await AssignedAsync(run, $"关于改造老旧小区电梯的建议（批量 {tag}）");

        await office.GotoAsync($"/Suggestions?q={tag}");
        await Assertions.Expect(office.Locator("#suggestions tbody tr")).ToHaveCountAsync(2);
        await AssertAccessibleAsync(office, "suggestion list with the bulk form");
        // Each row's box is found by its accessible name, as a screen reader would announce it.
        await office.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex(Regex.Escape(firstTitle)) }).CheckAsync();
        await office.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex(Regex.Escape(secondTitle)) }).CheckAsync();
        await office.GetByLabel("操作", new() { Exact = true }).SelectOptionAsync("Extend");
        await office.GetByLabel("顺延工作日数（延期）").FillAsync("5");
        await office.GetByLabel("理由或催办说明").FillAsync("集中视察期间统一顺延。");
        await office.ClickAsync("#bulk-preview-button");

        await Assertions.Expect(office.Locator("#bulk-preview-summary")).ToContainTextAsync("共选择 2 件：将执行 2 件，不予执行 0 件");
        await Assertions.Expect(office.Locator("#bulk-preview-items tr.bulk-accepted")).ToHaveCountAsync(2);
        await SiteFixture.ScreenshotAsync(office, "bulk-preview");
        await AssertAccessibleAsync(office, "bulk preview");
        await office.ClickAsync("#bulk-confirm");

        // The confirmed run is stored and the office lands on its progress page; two suggestions fit one chunk, so it is done.
        await Assertions.Expect(office).ToHaveURLAsync(new Regex("/Suggestions/Bulk/[0-9]+$"));
        await Assertions.Expect(office.Locator("#bulk-run")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(office.Locator("#bulk-result-summary")).ToContainTextAsync("已完成 2 件，不予执行 0 件，失败（已回滚）0 件");
        await Assertions.Expect(office.Locator("#bulk-result-items tr[data-outcome=Done]")).ToHaveCountAsync(2);
        await SiteFixture.ScreenshotAsync(office, "bulk-result");
        await AssertAccessibleAsync(office, "bulk result");
        var runPath = new Uri(office.Url).AbsolutePath;
        await office.GotoAsync("/Suggestions/Bulk");
        await Assertions.Expect(office.Locator($"#bulk-recent a[href='{runPath}']")).ToHaveCountAsync(1);
        foreach (var id in new[] { first, second })
        {
            await office.GotoAsync($"/Suggestions/{id}");
            await Assertions.Expect(office.Locator("#timeline-section")).ToContainTextAsync("集中视察期间统一顺延。（批量延期）");
        }
        run.AssertNoBrowserErrors();
    }

    /// <summary>axe-core finds no violation on the page as it stands.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        Assert.NotEmpty(result.Passes); // axe did run its rules on this page
        Assert.True(result.Violations.Length == 0, $"axe on the {what}: " + string.Join("; ",
            result.Violations.Select(v => $"{v.Id} ({v.Impact}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>A suggestion submitted by the deputy and assigned by the office to the handler's unit (its 签收 task open).</summary>
    private async Task<(IPage Office, int Id, string Title)> AssignedAsync(BrowserRun run, string title)
    {
        var unit = await site.UnitOfAsync("handler");
        var deputy = await run.SignInAsync("deputy");
        var id = await Journeys.SubmitSessionSuggestionAsync(deputy, title, "建议结合群众需求统筹规划，分步实施。");
        var office = await run.SignInAsync("lgw");
        await Journeys.ReviewAndAssignAsync(office, id, title, unit.Name, site.Today);
        return (office, id, title);
    }
}
