using System.Net;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Comments;

/// <summary>
/// 转办 / 委托 / 交回 on the unit's task page through the real host (the 签收 task of a suggestion assigned to jtj).
/// Kept beside the comments tests: both are the "operating a live session" pages of issue #13 for units.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TaskHandOverPageTests(WebWorldFixture world)
{
    private readonly WebWorld _world = world.Value;

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string taskId, string handler, Dictionary<string, string> fields, string? tokenFrom = null) =>
        await client.PostFormAsync($"/Tasks/{taskId}/HandOver?handler={handler}", fields, tokenFrom ?? $"/Tasks/{taskId}");

    [Fact]
    public async Task Head_TransfersToHandler_TaskAssignedAndOnTimeline()
    {
        var id = await _world.AssignedAsync("jtj", "关于优化公交换乘的建议");
        var task = await _world.TaskAsync(id, "acknowledge");
        var head = await _world.ClientAsAsync("jtj.head");
        Assert.Contains("id=\"transfer-form\"", await (await head.GetAsync($"/Tasks/{task.Id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var response = await PostAsync(head, task.Id, "Transfer", new() { ["toUser"] = "jtj.staff", ["reason"] = "由经办人签收。" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("jtj.staff", (await _world.TaskAsync(id, "acknowledge")).Assignee);
        Assert.Contains("由经办人签收。", await (await head.GetAsync($"/Suggestions/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A handler has no transfer form.
        var staffPage = await (await (await _world.ClientAsAsync("jtj.staff")).GetAsync($"/Tasks/{task.Id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"transfer-form\"", staffPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_DelegatesColleagueHandsBack_StateShown()
    {
        var id = await _world.AssignedAsync("jtj", "关于增加夜间公交的建议");
        var task = await _world.TaskAsync(id, "acknowledge");
        var staff = await _world.ClientAsAsync("jtj.staff");

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(staff, task.Id, "Delegate", new() { ["toUser"] = "jtj.head" })).StatusCode);
        Assert.Equal("jtj.head", (await _world.TaskAsync(id, "acknowledge")).Assignee);
        var head = await _world.ClientAsAsync("jtj.head");
        var delegated = await (await head.GetAsync($"/Tasks/{task.Id}")).Content.ReadAsStringAsync();
        Assert.Contains("委托中", delegated, StringComparison.Ordinal);
        Assert.Contains("jtj.staff 委托 jtj.head 办理", delegated, StringComparison.Ordinal);
        Assert.Contains("id=\"resolve-form\"", delegated, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(head, task.Id, "Resolve", [])).StatusCode);

        Assert.Equal("jtj.staff", (await _world.TaskAsync(id, "acknowledge")).Assignee);
        var back = await (await staff.GetAsync($"/Tasks/{task.Id}")).Content.ReadAsStringAsync();
        Assert.Contains("已交回", back, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"resolve-form\"", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherUnit_TransferAndDelegateForbidden_NothingChanged()
    {
        var id = await _world.AssignedAsync("jtj", "关于整治占道经营的建议");
        var task = await _world.TaskAsync(id, "acknowledge");
        var outsider = await _world.ClientAsAsync("gaj.staff");

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(outsider, task.Id, "Delegate", new() { ["toUser"] = "gaj.staff" }, "/Inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(outsider, task.Id, "Transfer", new() { ["toUser"] = "jtj.staff", ["reason"] = "越权" }, "/Inbox")).StatusCode);

        Assert.Null((await _world.TaskAsync(id, "acknowledge")).Assignee);
    }
}
