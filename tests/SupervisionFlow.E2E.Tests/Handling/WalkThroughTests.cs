using System.Text.RegularExpressions;
using SupervisionFlow.E2E.Tests.TestSupport;

namespace SupervisionFlow.E2E.Tests.Handling;

/// <summary>
/// One suggestion through the whole default process, every step in the browser signed in as the person who does it:
/// the deputy submits on the portal, the office (联工委) reviews it and assigns it at a 交办会, the unit signs for it,
/// plans it (三定), contacts the deputy before, during and after (三访), replies, its head signs; the deputy rates the
/// reply 不满意, the office holds the 约谈, the unit handles it again, and the deputy rates it 满意, which closes it.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class WalkThroughTests(SiteFixture site)
{
    [ChromiumFact]
    public async Task Suggestion_UnsatisfiedThenRehandled_ClosesSatisfied()
    {
        await using var run = site.Begin(nameof(Suggestion_UnsatisfiedThenRehandled_ClosesSatisfied));
        var unit = await site.UnitOfAsync("handler");
        var title = $"关于老旧小区加装电梯的建议（E2E {Guid.NewGuid().ToString("N")[..6]}）";
        var today = site.Today;

        // ---- 代表: submits on the portal; a first try without a title gets the message in Chinese beside the field
        var deputy = await run.SignInAsync("deputy");
        await deputy.GotoAsync("/Portal");
        await deputy.ClickAsync("a[href='/Portal/Submit']");
        await deputy.CheckAsync("input[name='Input.Kind'][value='Session']");
        await deputy.FillAsync("#content", "小区建于上世纪九十年代，六层无电梯，老人上下楼困难。建议财政补贴加装电梯，简化审批。");
        await deputy.SelectOptionAsync("#category", new SelectOptionValue { Index = 1 });
        using (run.Expecting(400))
        {
            await deputy.ClickAsync("form.portal-form button.btn-primary");
            await deputy.Locator("#title-error").WaitForAsync();
        }
        var titleError = await deputy.Locator("#title-error").InnerTextAsync();
        Assert.True(PageActions.IsChinese(titleError), $"title message not in Chinese: {titleError}");
        await Assertions.Expect(deputy.Locator(".alert-error")).ToContainTextAsync("提交未成功");
        await SiteFixture.ScreenshotAsync(deputy, "portal-submit-errors");
        await deputy.FillAsync("#title", title);
        await deputy.ClickAsync("form.portal-form button.btn-primary");
        await deputy.WaitForURLAsync(new Regex(@"/Portal/Suggestion/\d+"));
        var id = int.Parse(Regex.Match(deputy.Url, @"/Portal/Suggestion/(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(deputy.Locator(".alert-ok")).ToContainTextAsync("建议已提交");
        await Assertions.Expect(deputy.Locator("h1.portal-title")).ToHaveTextAsync(title);
        await Assertions.Expect(deputy.Locator(".portal-state")).ToHaveTextAsync("审核中");

        // ---- 联工委: reviews it (an empty decision is refused in Chinese), then it waits for the 交办会
        var office = await run.SignInAsync("lgw");
        await office.OpenTaskAsync(title, "审核");
        await Assertions.Expect(office.Locator("section[aria-label='建议摘要'] h2")).ToContainTextAsync(title);
        await SiteFixture.ScreenshotAsync(office, "task-form-review");
        var reviewErrors = await office.SubmitTaskExpectingErrorsAsync(run);
        Assert.True(reviewErrors.TryGetValue("decision", out var decisionError) && PageActions.IsChinese(decisionError),
            $"expected a Chinese message beside 审核结果, got: {string.Join("; ", reviewErrors.Select(e => e.Key + "=" + e.Value))}");
        await office.CheckChoiceAsync("decision", "accept");
        await office.SubmitTaskAsync("审核");
        await office.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(office.Locator("main p .badge").First).ToHaveTextAsync("待交办");

        // ---- 联工委: a 交办会, the suggestion found by its title, the busiest unit as lead, confirmed once
        await office.GotoAsync("/Meetings");
        await office.FillAsync("#Input_Name", $"E2E 交办会 {title[^7..^1]}");
        await office.FillAsync("#Input_HeldOn", PageActions.Iso(today));
        await office.FillAsync("#Input_Location", "常委会议室");
        await office.ClickAsync("main form[method=post] button.btn-primary");
        await office.WaitForURLAsync(new Regex(@"/Meetings/\d+"));
        await office.FillAsync("#f-q", title);
        await office.ClickAsync("form.filters button[type=submit]");
        var candidate = office.Locator($"#candidates tr[data-suggestion-id='{id}']");
        await Assertions.Expect(candidate).ToContainTextAsync(title);
        await candidate.Locator("input[data-field='Selected']").CheckAsync();
        await candidate.Locator("input[data-field='LeadUnit']").FillAsync(unit.Name);
        await SiteFixture.ScreenshotAsync(office, "meeting-assign");
        await office.ClickAsync("#assign-form button[type=submit]");
        await Assertions.Expect(office.Locator("#assigned")).ToContainTextAsync(title, new() { Timeout = 30_000 });
        await Assertions.Expect(office.Locator("#assigned tr", new() { HasText = title })).ToContainTextAsync(unit.Name);

        // ---- 承办单位经办人: 签收, 三定, 办前拜访, 办中走访, 拟写答复
        var handler = await run.SignInAsync("handler");
        var signRow = (await handler.InboxRowsAsync(title)).First;
        await Assertions.Expect(signRow.Locator("td[data-label='任务']")).ToHaveTextAsync("签收");
        await Assertions.Expect(signRow.Locator("td[data-label='承办单位']")).ToContainTextAsync(unit.Name);
        await SiteFixture.ScreenshotAsync(handler, "inbox-unit");
        await handler.OpenTaskAsync(title, "签收");
        await handler.CheckChoiceAsync("ackDecision", "accept");
        await handler.SubmitTaskAsync("签收");

        await handler.OpenTaskAsync(title, "三定");
        await handler.FillFieldAsync("handlerName", "王经办");
        await handler.FillFieldAsync("handlerPhone", "0571-88001234");
        await handler.FillFieldAsync("plan", "会同住建部门摸排需求，制定补贴办法，年内完成试点。");
        await handler.FillFieldAsync("plannedCompletionOn", PageActions.Iso(today.AddDays(40)));
        await SiteFixture.ScreenshotAsync(handler, "task-form-plan");
        await handler.SubmitTaskAsync("三定");

        foreach (var visit in new[] { "办前拜访", "办中走访" })
        {
            await handler.OpenTaskAsync(title, visit);
            await Assertions.Expect(handler.Locator("main p.muted", new() { HasText = "三访" })).ToContainTextAsync(visit);
            await handler.CheckChoiceAsync("method", "上门拜访");
            await handler.FillFieldAsync("summary", $"{visit}：与代表当面沟通办理思路。");
            await handler.SubmitTaskAsync(visit);
        }

        await handler.OpenTaskAsync(title, "拟写答复");
        await handler.CheckChoiceAsync("resultClass", "A");
        await handler.FillFieldAsync("text", "经研究，已将加装电梯纳入年度民生实事，财政每台补贴二十万元。");
        await handler.SetInputFilesAsync("input[name='attachments']", new FilePayload
        {
            Name = "加装电梯补贴办法.pdf", MimeType = "application/pdf", Buffer = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"),
        });
        await handler.SubmitTaskAsync("拟写答复");

        // ---- 单位负责人: 负责人签发 shows the drafted reply
        var head = await run.SignInAsync("head");
        await head.OpenTaskAsync(title, "负责人签发");
        await Assertions.Expect(head.Locator("main")).ToContainTextAsync("财政每台补贴二十万元");
        await head.SubmitTaskAsync("负责人签发");

        // ---- 经办人: 办后回访 needs the deputy's view
        await handler.OpenTaskAsync(title, "办后回访");
        await handler.CheckChoiceAsync("method", "电话");
        await handler.FillFieldAsync("summary", "电话回访代表，介绍答复内容。");
        var visitErrors = await handler.SubmitTaskExpectingErrorsAsync(run);
        Assert.True(visitErrors.ContainsKey("deputyView"), $"办后回访 without 代表意见 accepted or other errors: {string.Join("; ", visitErrors)}");
        await handler.FillFieldAsync("deputyView", "希望加快进度。");
        await handler.SubmitTaskAsync("办后回访");

        // ---- 代表: reads the reply letter on the portal and rates it 不满意 (a comment is required)
        await deputy.GotoAsync("/Portal");
        var item = deputy.Locator($"li.portal-item[data-id='{id}']");
        await Assertions.Expect(item.Locator(".portal-state")).ToHaveTextAsync("已答复");
        await item.Locator("a", new() { HasText = "待您测评" }).ClickAsync();
        await Assertions.Expect(deputy.Locator("#replies")).ToContainTextAsync("财政每台补贴二十万元");
        // The reply letter carries the unit's attachment, and the deputy can download it.
        var download = await deputy.RunAndWaitForDownloadAsync(() => deputy.Locator("#replies .attachments a", new() { HasText = "加装电梯补贴办法.pdf" }).ClickAsync());
        Assert.Equal("加装电梯补贴办法.pdf", download.SuggestedFilename);
        await deputy.CheckAsync("#evaluate input[name='Attitude'][value='Satisfied']");
        await deputy.CheckAsync("#evaluate input[name='Result'][value='Unsatisfied']");
        using (run.Expecting(400))
        {
            await deputy.ClickAsync("#evaluate button[type=submit]");
            await deputy.Locator("#evaluate .field-error").First.WaitForAsync();
        }
        Assert.True(PageActions.IsChinese(await deputy.Locator("#evaluate .field-error").First.InnerTextAsync()));
        await deputy.FillAsync("#comment", "补贴标准偏低，审批仍然繁琐。");
        await deputy.ClickAsync("#evaluate button[type=submit]");
        await Assertions.Expect(deputy.Locator("#evaluate")).ToHaveCountAsync(0);
        await SiteFixture.ScreenshotAsync(deputy, "portal-suggestion");

        // ---- 背靠背: the unit never sees who rated what (nor the deputy's comment)
        await handler.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(handler.Locator("#ratings [data-round='1']")).ToHaveCountAsync(1);
        await Assertions.Expect(handler.Locator("#ratings [data-testid='rating-details']")).ToHaveCountAsync(0);
        await Assertions.Expect(handler.Locator("#ratings")).Not.ToContainTextAsync("补贴标准偏低");

        // ---- 联工委: 约谈 the unit's head
        await office.OpenTaskAsync(title, "约谈");
        await office.FillFieldAsync("heldOn", PageActions.Iso(site.Today));
        await office.FillFieldAsync("summary", "约谈承办单位负责人，要求提高补贴并简化审批。");
        await office.SubmitTaskAsync("约谈");

        // ---- 经办人 and 负责人: 重新办理 and its sign-off
        await handler.OpenTaskAsync(title, "重新办理");
        await Assertions.Expect(handler.Locator(".alert-info")).ToContainTextAsync("不满意");
        await handler.CheckChoiceAsync("resultClass", "A");
        await handler.FillFieldAsync("text", "补贴提高到每台二十五万元，审批改为一窗受理、十个工作日办结。");
        await handler.SubmitTaskAsync("重新办理");
        await head.OpenTaskAsync(title, "负责人签发");
        await head.SubmitTaskAsync("负责人签发");

        // ---- 代表: rates the second reply 满意 from the inbox's task form
        await deputy.OpenTaskAsync(title, "代表测评");
        await Assertions.Expect(deputy.Locator("main")).ToContainTextAsync("二十五万元");
        await deputy.CheckChoiceAsync("attitude", "Satisfied");
        await deputy.CheckChoiceAsync("result", "Satisfied");
        await deputy.SubmitTaskAsync("代表测评");
        await deputy.GotoAsync($"/Portal/Suggestion/{id}");
        await Assertions.Expect(deputy.Locator(".portal-state")).ToHaveTextAsync("已办结");

        // ---- 联工委: the suggestion page tells the whole story
        await office.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(office.Locator("#suggestion-title")).ToHaveTextAsync(title);
        await Assertions.Expect(office.Locator("main p .badge").First).ToHaveTextAsync("已办结");
        await Assertions.Expect(office.Locator("[data-testid='reply']")).ToHaveCountAsync(2);
        await Assertions.Expect(office.Locator("#ratings [data-round='1'] [data-testid='rating-summary']")).ToContainTextAsync("不满意 1 份");
        await Assertions.Expect(office.Locator("#ratings [data-round='2'] [data-testid='rating-summary']")).ToHaveTextAsync(new Regex("^满意 1 份"));
        var timeline = office.Locator("#timeline");
        foreach (var kind in new[] { "submitted", "review", "assignment", "acknowledgement", "plan" })
        {
            Assert.True(await timeline.Locator($"li[data-kind='{kind}']").CountAsync() >= 1, $"timeline has no '{kind}' entry: {await timeline.InnerTextAsync()}");
        }
        Assert.Equal(3, await timeline.Locator("li[data-kind='contact']").CountAsync());
        await Assertions.Expect(timeline).ToContainTextAsync($"{unit.Name} 三定");
        await office.Locator("#process-diagrams svg").First.WaitForAsync();
        await SiteFixture.ScreenshotAsync(office, "suggestion-page");

        // ---- the unit, once the evaluation is over: the totals of each round, still no names
        await handler.GotoAsync($"/Suggestions/{id}");
        await Assertions.Expect(handler.Locator("#ratings [data-round='1'] [data-testid='rating-summary']")).ToContainTextAsync("不满意 1 份");
        await Assertions.Expect(handler.Locator("#ratings [data-testid='rating-details']")).ToHaveCountAsync(0);

        run.AssertNoBrowserErrors();
    }
}
