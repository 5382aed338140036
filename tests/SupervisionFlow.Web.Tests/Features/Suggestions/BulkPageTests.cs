using System.Net;
using System.Text.RegularExpressions;
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

        var resultHtml = await confirm.Content.ReadAsStringAsync();
        Assert.Contains("已完成 2 件，不予执行 1 件，失败（已回滚）0 件", resultHtml, StringComparison.Ordinal);
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

        var office = await _world.ClientAsAsync("lgw");
        Assert.DoesNotContain("催办“", await (await office.GetAsync($"/Suggestions/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
