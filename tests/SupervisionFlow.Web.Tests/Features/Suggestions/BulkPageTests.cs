using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Suggestions;

/// <summary>批量操作 through the real host: the list's bulk form, "all matching the filter", preview, confirm, and who may.</summary>
[Collection(WebCollection.Name)]
public sealed partial class BulkPageTests(WebWorldFixture world)
{
    private readonly WebWorld _world = world.Value;

    [GeneratedRegex("name=\"Selection\" value=\"([0-9,]*)\"")]
    private static partial Regex SelectionPattern();

    [Fact]
    public async Task AllMatching_PreviewListsRefused_ConfirmRemindsOnlyAccepted()
    {
        var first = await _world.AssignedAsync("jtj", "关于批量催办甲路段改造的建议");
        var second = await _world.AssignedAsync("jtj", "关于批量催办乙路段改造的建议");
        var inReview = await _world.SubmitAsync("关于批量催办丙路段改造的建议");
        var office = await _world.ClientAsAsync("lgw");
        var list = await (await office.GetAsync("/Suggestions?q=批量催办")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"bulk-form\"", list, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"选择 ", list, StringComparison.Ordinal);

        // Nothing ticked: "all matching" selects by the filter, in SQL.
        var preview = await office.PostFormAsync("/Suggestions/Bulk?handler=Preview", new Dictionary<string, string>
        {
            ["AllMatching"] = "true", ["q"] = "批量催办", ["BulkAction"] = "Remind", ["Reason"] = "请加快办理。",
        }, "/Suggestions");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Contains("共选择 3 件：将执行 <strong>2</strong> 件，不予执行 <strong>1</strong> 件", previewHtml, StringComparison.Ordinal);
        Assert.Matches($"data-id=\"{inReview}\" class=\"bulk-refused\"[\\s\\S]*?没有承办单位的待办任务", previewHtml);
        var selection = SelectionPattern().Match(previewHtml).Groups[1].Value;
        Assert.Equal([first, second, inReview], selection.Split(',').Select(int.Parse).Order());

        var confirm = await office.PostFormAsync("/Suggestions/Bulk?handler=Confirm", new Dictionary<string, string>
        {
            ["Selection"] = selection, ["BulkAction"] = "Remind", ["Reason"] = "请加快办理。",
        }, "/Suggestions");

        // Three suggestions fit one chunk: run in the request, so the progress page shows the result at once.
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Matches("^/Suggestions/Bulk/[0-9]+$", confirm.Headers.Location!.OriginalString);
        var resultHtml = await office.GetStringAsync(confirm.Headers.Location);
        Assert.Contains("data-state=\"Done\"", resultHtml, StringComparison.Ordinal);
        Assert.Contains("已完成 2 件，不予执行 1 件，失败（已回滚）0 件", resultHtml, StringComparison.Ordinal);
        Assert.Matches($"data-id=\"{inReview}\" data-outcome=\"Refused\"[\\s\\S]*?没有承办单位的待办任务", resultHtml);
        Assert.Contains($"href=\"{confirm.Headers.Location}\"", await office.GetStringAsync("/Suggestions/Bulk"), StringComparison.Ordinal);
        Assert.Contains("向 市交通运输局 催办", await (await office.GetAsync($"/Suggestions/{first}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("催办“", await (await office.GetAsync($"/Suggestions/{inReview}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extend_WithoutReason_ErrorShownNothingPlanned()
    {
        var id = await _world.AssignedAsync("jtj", "关于批量延期缺理由的建议");
        var office = await _world.ClientAsAsync("lgw");

        var preview = await office.PostFormAsync("/Suggestions/Bulk?handler=Preview", new Dictionary<string, string>
        {
            ["Ids"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["BulkAction"] = "Extend", ["ExtendDays"] = "5",
        }, "/Suggestions");

        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("id=\"bulk-error\">请填写理由。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"bulk-confirm-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_ThreeChunks_HangfireJobExtendsEachOnce_ProgressPageReachesDone()
    {
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?> { ["Operations:BulkChunkSize"] = "1" });
        List<int> ids = [await world.AssignedAsync("jtj"), await world.AssignedAsync("jtj"), await world.AssignedAsync("gaj")];
        var newDue = ChinaTime.Today(world.Services.GetRequiredService<TimeProvider>()).AddYears(1);
        var office = await world.ClientAsAsync("lgw");

        var confirm = await office.PostFormAsync("/Suggestions/Bulk?handler=Confirm", new Dictionary<string, string>
        {
            ["Selection"] = string.Join(",", ids), ["BulkAction"] = "Extend", ["Reason"] = "集中视察，统一延期。",
            ["ExtendTo"] = newDue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, "/Suggestions");

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var progressPage = confirm.Headers.Location!.OriginalString;
        var html = await office.GetStringAsync(progressPage);
        // Three chunks: left to the Hangfire job, so the page refreshes itself until it is done.
        Assert.Contains("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        for (var waited = 0; waited < 60 && !html.Contains("data-state=\"Done\"", StringComparison.Ordinal); waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            html = await office.GetStringAsync(progressPage);
        }
        Assert.Contains("data-state=\"Done\"", html, StringComparison.Ordinal);
        Assert.Contains("已完成（100%）", html, StringComparison.Ordinal);
        Assert.Contains("共 3 件，已处理 3 件：已完成 3 件，不予执行 0 件，失败（已回滚）0 件。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        var audits = await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == InstanceOperations.TaskDueChanged).Select(a => a.SuggestionId).ToListAsync());
        Assert.Equal(ids, audits.Order().Select(id => id!.Value));
        foreach (var id in ids)
        {
            Assert.Equal(newDue, ChinaTime.DateOf(new DateTimeOffset((await world.TaskAsync(id, "acknowledge")).DueAt!.Value, TimeSpan.Zero)));
        }
    }

    [Theory]
    [InlineData("jtj.staff")]
    [InlineData("jtj.head")]
    [InlineData("deputy1")]
    public async Task UnitsAndDeputies_NoBulkFormAndPreviewConfirmForbidden(string userName)
    {
        var id = await _world.AssignedAsync("jtj", "关于批量操作越权的建议");
        var client = await _world.ClientAsAsync(userName);
        Assert.DoesNotContain("id=\"bulk-form\"", await (await client.GetAsync("/Suggestions")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var fields = new Dictionary<string, string> { ["Ids"] = $"{id}", ["Selection"] = $"{id}", ["BulkAction"] = "Remind", ["Reason"] = "越权" };

        foreach (var handler in new[] { "Preview", "Confirm" })
        {
            // The office policy refuses a signed-in user by sending them to the access-denied page, which answers 403.
            var refused = await client.PostFormAsync($"/Suggestions/Bulk?handler={handler}", fields, "/Inbox");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/Auth/AccessDenied", refused.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(refused.Headers.Location)).StatusCode);
        }

        // A stored run's progress page and its 继续执行 are the office's too.
        var run = await _world.WithScopeAsync(s => s.GetRequiredService<BulkRunner>().StartAsync([id], new BulkRequest(BulkAction.Remind, "越权"),
            new Actor("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup }), CancellationToken.None));
        var progress = await client.GetAsync($"/Suggestions/Bulk/{run.Id}");
        Assert.StartsWith("/Auth/AccessDenied", progress.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        var resume = await client.PostFormAsync($"/Suggestions/Bulk/{run.Id}?handler=Resume", new Dictionary<string, string>(), "/Inbox");
        Assert.StartsWith("/Auth/AccessDenied", resume.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(resume.Headers.Location)).StatusCode);

        var office = await _world.ClientAsAsync("lgw");
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/Suggestions/Bulk/{run.Id}")).StatusCode);
        Assert.DoesNotContain("催办“", await (await office.GetAsync($"/Suggestions/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
