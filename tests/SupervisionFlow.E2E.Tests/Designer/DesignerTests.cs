using System.Text.RegularExpressions;
using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Designer;

/// <summary>
/// An administrator adds a step to the default between-session process in the designer, without code: a user task
/// named in the properties panel, with generated form fields, validated and deployed as a new version; the next
/// suggestion runs through it and the office finds it in the inbox with a generated form.
/// </summary>
/// <remarks>
/// The shape is created and wired into the flow, and its <c>camunda:formData</c> set, through the modeler's JavaScript API
/// (<c>window.supervisionFlowDesigner</c>, exposed by designer.js for tests): dragging from the palette and the form-field
/// list of the properties panel are too brittle to drive. The name and the candidate group are typed into the
/// properties panel itself.
/// </remarks>
[Collection(SiteCollection.Name)]
public sealed class DesignerTests(SiteFixture site)
{
    private const string Process = "between-session-suggestion";

    [ChromiumFact]
    public async Task Designer_AddUserTaskWithFormFields_NewStepInInboxWithGeneratedForm()
    {
        await using var run = site.Begin(nameof(Designer_AddUserTaskWithFormFields_NewStepInInboxWithGeneratedForm));
        var admin = await run.SignInAsync("admin");
        await admin.GotoAsync("/Designer");
        var latest = admin.Locator($"#definitions tr.latest[data-key='{Process}']");
        var versionBefore = int.Parse(await latest.GetAttributeAsync("data-version") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await latest.Locator("[data-testid='open-definition']").ClickAsync();
        await admin.Locator("#designer[data-ready='true']").WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(admin.Locator("#designer-status")).ToHaveTextAsync("已打开");
        await Assertions.Expect(admin.Locator(".bjs-powered-by")).ToBeVisibleAsync();

        // The new task between the start event and the review, selected so the properties panel shows it.
        var taskId = await admin.EvaluateAsync<string>("""
            () => {
              const m = window.supervisionFlowDesigner;
              const registry = m.get('elementRegistry'), modeling = m.get('modeling');
              const flow = registry.get('flowStartToReviewMerge');
              const start = flow.source, next = flow.target;
              const task = modeling.createShape({ type: 'bpmn:UserTask' }, { x: start.x + 18, y: start.y + 170 }, start.parent);
              modeling.reconnectEnd(flow, task, { x: task.x, y: task.y + task.height / 2 });
              modeling.connect(task, next);
              m.get('selection').select(task);
              m.get('canvas').zoom('fit-viewport');
              return task.id;
            }
            """);

        // Properties panel: name (General group) and candidate groups (User assignment group).
        var panel = admin.Locator("#properties-panel");
        await Assertions.Expect(panel.Locator(".bio-properties-panel-header-type")).ToContainTextAsync(new Regex("User [Tt]ask"));
        var name = panel.Locator("#bio-properties-panel-name");
        if (!await name.IsVisibleAsync())
        {
            await panel.Locator("[data-group-id='group-general'] .bio-properties-panel-group-header").ClickAsync();
        }
        await name.FillAsync("材料核对");
        var groups = panel.Locator("#bio-properties-panel-candidateGroups");
        if (!await groups.IsVisibleAsync())
        {
            await panel.Locator("[data-group-id='group-CamundaPlatform__UserAssignment'] .bio-properties-panel-group-header").ClickAsync();
        }
        await groups.FillAsync("office");
        await panel.Locator("#bio-properties-panel-candidateGroups").PressAsync("Tab");

        await admin.EvaluateAsync("""
            (id) => {
              const m = window.supervisionFlowDesigner;
              const moddle = m.get('moddle');
              const required = moddle.create('camunda:Validation', { constraints: [moddle.create('camunda:Constraint', { name: 'required' })] });
              const formData = moddle.create('camunda:FormData', { fields: [
                moddle.create('camunda:FormField', { id: 'materialsComplete', label: '材料是否齐全', type: 'boolean' }),
                moddle.create('camunda:FormField', { id: 'checkNote', label: '核对意见', type: 'string', validation: required })
              ] });
              m.get('modeling').updateProperties(m.get('elementRegistry').get(id), {
                extensionElements: moddle.create('bpmn:ExtensionElements', { values: [formData] })
              });
            }
            """, taskId);
        var xml = await admin.EvaluateAsync<string>("async () => (await window.supervisionFlowDesigner.saveXML({ format: true })).xml");
        Assert.Contains("name=\"材料核对\"", xml, StringComparison.Ordinal);
        Assert.Contains("camunda:candidateGroups=\"office\"", xml, StringComparison.Ordinal);
        Assert.Contains("camunda:formField id=\"checkNote\"", xml, StringComparison.Ordinal);
        await SiteFixture.ScreenshotAsync(admin, "designer");

        await admin.ClickAsync("#validate");
        await Assertions.Expect(admin.Locator("#problems-summary")).ToHaveTextAsync("未发现问题，可以部署。", new() { Timeout = 15_000 });
        await admin.ClickAsync("#deploy");
        await Assertions.Expect(admin.Locator("#designer-status")).ToHaveTextAsync($"已部署：{Process} 第 {versionBefore + 1} 版", new() { Timeout = 15_000 });
        await admin.GotoAsync("/Designer");
        await Assertions.Expect(admin.Locator($"#definitions tr.latest[data-key='{Process}']")).ToHaveAttributeAsync("data-version", (versionBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A deputy's between-session suggestion now starts the new version …
        var title = $"关于增设社区食堂的建议（E2E {Guid.NewGuid().ToString("N")[..6]}）";
        var deputy = await run.SignInAsync("deputy");
        await deputy.GotoAsync("/Portal/Submit");
        await deputy.CheckAsync("input[name='Input.Kind'][value='BetweenSession']");
        await deputy.FillAsync("#title", title);
        await deputy.FillAsync("#content", "老年人就餐难，建议每个街道至少设一处社区食堂。");
        await deputy.SelectOptionAsync("#category", new SelectOptionValue { Index = 1 });
        await deputy.ClickAsync("form.portal-form button.btn-primary");
        await deputy.WaitForURLAsync(new Regex(@"/Portal/Suggestion/\d+"));

        // … so the office finds 材料核对 first, with a form generated from the fields.
        var office = await run.SignInAsync("lgw");
        await office.OpenTaskAsync(title, "材料核对");
        await Assertions.Expect(office.Locator("[data-field='materialsComplete'] .label")).ToHaveTextAsync("材料是否齐全");
        await Assertions.Expect(office.Locator("[data-field='materialsComplete'] input[type=radio]")).ToHaveCountAsync(2);
        await Assertions.Expect(office.Locator("label[for='f-checkNote']")).ToHaveTextAsync("核对意见");
        await SiteFixture.ScreenshotAsync(office, "task-form-generated");
        var errors = await office.SubmitTaskExpectingErrorsAsync(run);
        Assert.True(errors.TryGetValue("checkNote", out var noteError) && PageActions.IsChinese(noteError),
            $"expected a Chinese message beside 核对意见, got: {string.Join("; ", errors.Select(e => e.Key + "=" + e.Value))}");
        await office.CheckChoiceAsync("materialsComplete", "true");
        await office.FillFieldAsync("checkNote", "材料齐全。");
        await office.SubmitTaskAsync("材料核对");
        var rows = await office.InboxRowsAsync(title);
        await Assertions.Expect(rows.Locator("td[data-label='任务']")).ToHaveTextAsync("审核");

        run.AssertNoBrowserErrors();
    }
}
