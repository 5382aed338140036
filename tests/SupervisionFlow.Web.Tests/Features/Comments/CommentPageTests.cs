using System.Net;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Comments;

/// <summary>
/// 沟通记录 through the real host: the forms on the suggestion page and the deputy's portal page post, return to the page
/// and each reader sees the thread cut to the audience; other units and deputies are refused.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CommentPageTests(WebWorldFixture world)
{
    private readonly WebWorld _world = world.Value;

    private async Task<HttpResponseMessage> PostAsync(string userName, int id, string audience, string body, string page)
    {
        var client = await _world.ClientAsAsync(userName);
        return await client.PostFormAsync($"/Suggestions/{id}/Comments",
            new Dictionary<string, string> { ["audience"] = audience, ["body"] = body, ["returnUrl"] = page }, tokenFrom: page);
    }

    private async Task<string> PageAsync(string userName, string url)
    {
        var response = await (await _world.ClientAsAsync(userName)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task PostFromEachPage_ThreadShownByRole()
    {
        var id = await _world.AssignedAsync("jtj", "关于增设社区公交站点的建议");
        var details = $"/Suggestions/{id}";
        var portal = $"/Portal/Suggestion/{id}";

        var unitPost = await PostAsync("jtj.staff", id, "OfficeAndUnits", "单位留言：已安排专人对接。", details);
        Assert.Equal(HttpStatusCode.Redirect, unitPost.StatusCode);
        Assert.Equal(details + "#comments", unitPost.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("lgw", id, "OfficeAndDeputy", "联工委留言：测评结果仅联工委可见。", details)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("deputy1", id, "All", "代表留言：<b>盼早日落实</b>", portal)).StatusCode);

        var office = await PageAsync("lgw", details);
        Assert.Contains("单位留言：已安排专人对接。", office, StringComparison.Ordinal);
        Assert.Contains("联工委留言：测评结果仅联工委可见。", office, StringComparison.Ordinal);
        Assert.Contains("代表留言：&lt;b&gt;盼早日落实&lt;/b&gt;", office, StringComparison.Ordinal);

        var unit = await PageAsync("jtj.staff", details);
        Assert.Contains("单位留言：已安排专人对接。", unit, StringComparison.Ordinal);
        Assert.Contains("代表留言：", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("联工委留言：", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"OfficeAndDeputy\"", unit, StringComparison.Ordinal);

        var deputy = await PageAsync("deputy1", portal);
        Assert.Contains("联工委留言：测评结果仅联工委可见。", deputy, StringComparison.Ordinal);
        Assert.Contains("代表留言：", deputy, StringComparison.Ordinal);
        Assert.DoesNotContain("单位留言：", deputy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherUnitAndOtherDeputy_ReadAndPostForbidden()
    {
        var id = await _world.AssignedAsync("jtj", "关于规范共享单车停放的建议");
        await PostAsync("lgw", id, "All", "联工委：请各方关注。", $"/Suggestions/{id}");

        foreach (var outsider in new[] { "gaj.staff", "deputy3" })
        {
            var client = await _world.ClientAsAsync(outsider);
            // Refused the way the suggestion page refuses: to the access-denied page.
            AssertDenied(await client.GetAsync($"/Suggestions/{id}/Comments"));
            AssertDenied(await client.PostFormAsync($"/Suggestions/{id}/Comments",
                new Dictionary<string, string> { ["audience"] = "All", ["body"] = "越权留言" }, tokenFrom: "/Inbox"));
            Assert.DoesNotContain("联工委：请各方关注。", await (await client.GetAsync($"/Suggestions/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("越权留言", await PageAsync("lgw", $"/Suggestions/{id}/Comments"), StringComparison.Ordinal);
    }

    private static void AssertDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLong_ShownInChineseWithTheDraftKept()
    {
        var id = await _world.AssignedAsync("jtj", "关于延长地铁运营时间的建议");
        var details = $"/Suggestions/{id}";
        var client = await _world.ClientAsAsync("jtj.staff");
        var draft = new string('长', 2001);

        var post = await client.PostFormAsync($"/Suggestions/{id}/Comments",
            new Dictionary<string, string> { ["audience"] = "All", ["body"] = draft, ["returnUrl"] = details }, tokenFrom: details);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var html = await (await client.GetAsync(details)).Content.ReadAsStringAsync();

        Assert.Contains("留言不能超过 2000 个字（现有 2001 个字）", html, StringComparison.Ordinal);
        Assert.Contains(">" + draft + "</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("暂无留言。", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAudience_RefusedNotWidenedToEveryone()
    {
        var id = await _world.AssignedAsync("jtj", "关于加强河道保洁的建议");
        var details = $"/Suggestions/{id}";
        var client = await _world.ClientAsAsync("jtj.staff");

        await client.PostFormAsync($"/Suggestions/{id}/Comments",
            new Dictionary<string, string> { ["audience"] = "Everyone", ["body"] = "未知对象的留言", ["returnUrl"] = details }, tokenFrom: details);

        var html = await (await client.GetAsync(details)).Content.ReadAsStringAsync();
        Assert.Contains("请选择可以发送的对象", html, StringComparison.Ordinal);
        Assert.DoesNotContain("未知对象的留言</div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("未知对象的留言", await PageAsync("deputy1", $"/Portal/Suggestion/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnUrlElsewhere_StaysOnTheSite()
    {
        var id = await _world.AssignedAsync("jtj", "关于改善老旧小区停车的建议");
        var client = await _world.ClientAsAsync("lgw");
        var post = await client.PostFormAsync($"/Suggestions/{id}/Comments",
            new Dictionary<string, string> { ["audience"] = "All", ["body"] = "请关注。", ["returnUrl"] = "https://evil.example/" }, tokenFrom: $"/Suggestions/{id}");
        Assert.Equal($"/Suggestions/{id}/Comments#comments", post.Headers.Location?.OriginalString);
    }
}
