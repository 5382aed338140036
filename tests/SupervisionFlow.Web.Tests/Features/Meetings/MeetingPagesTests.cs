using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Exports;
using SupervisionFlow.Web.Tests.Features.Exports;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Meetings;

/// <summary>专会交办 through the pages, signed in as the office (lgw); every test works on suggestions of its own.</summary>
[Collection(WebCollection.Name)]
public sealed class MeetingPagesTests(WebWorldFixture world)
{
    private readonly WebWorld _world = world.Value;

    private static async Task<int> CreateMeetingAsync(HttpClient client, string name)
    {
        var response = await client.PostFormAsync("/Meetings", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.HeldOn"] = "2026-03-02", ["Input.Location"] = "市人大常委会机关",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, int meeting, string handler, object rows)
    {
        var token = await client.TokenAsync($"/Meetings/{meeting}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Meetings/{meeting}?handler={handler}") { Content = JsonContent.Create(rows) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private Task<Suggestion> SuggestionAsync(int id) => _world.WithScopeAsync(services =>
        services.GetRequiredService<AppDbContext>().Set<Suggestion>().AsNoTracking().Include(s => s.Units).SingleAsync(s => s.Id == id));

    private async Task<bool> AwaitingAssignmentAsync(int id) =>
        (await _world.OpenTasksAsync(id)).Any(t => t.ActivityId == "assign");

    [Fact]
    public async Task CheckThenChunk_ValidRows_AssignsAllAndTheListDownloadsAsXlsx()
    {
        var client = await _world.ClientAsAsync("lgw");
        var meeting = await CreateMeetingAsync(client, "第十八届人大五次会议代表建议交办会");
        var a = await _world.ReviewedAsync("关于优化城区公交线网的建议");
        var b = await _world.ReviewedAsync("关于加强校园周边交通秩序管理的建议");
        var c = await _world.ReviewedAsync("关于规范共享单车停放的建议");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Meetings/{meeting}"));
        Assert.Contains("关于规范共享单车停放的建议", page);
        object[] rows =
        [
            new { suggestionId = a, leadUnit = "市交通运输局", otherUnits = "市公安局", mode = "LeadWithCo" },
            new { suggestionId = b, leadUnit = "gaj", isKey = true, keyLeaderId = "zhou", keyCommitteeId = "cjw" },
            new { suggestionId = c, leadUnit = "市交通运输局", otherUnits = "市公安局", mode = "Separate" },
        ];

        var check = await (await PostJsonAsync(client, meeting, "Check", rows)).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.True((bool)check["ok"]!, check.ToJsonString());
        var confirm = await (await PostJsonAsync(client, meeting, "Confirm", rows)).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(3, (int)confirm["total"]!);
        var next = await (await PostJsonAsync(client, meeting, "Next", new { })).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(3, (int)next["done"]!);
        Assert.True((bool)next["finished"]!);

        var first = await SuggestionAsync(a);
        Assert.Equal(SuggestionState.InHandling, first.State);
        Assert.Equal([("jtj", UnitRole.Lead), ("gaj", UnitRole.Co)], first.Units.OrderBy(u => u.Role).Select(u => (u.UnitId, u.Role)));
        var key = await SuggestionAsync(b);
        Assert.True(key.IsKey);
        Assert.Equal("zhou", key.KeyLeaderId);
        Assert.Equal(HandlingMode.Separate, (await SuggestionAsync(c)).HandlingMode);

        var list = await client.GetAsync($"/Meetings/{meeting}?handler=List");
        Assert.Equal(XlsxWriter.ContentType, list.Content.Headers.ContentType?.MediaType);
        Assert.Equal("交办清单-第十八届人大五次会议代表建议交办会-20260302.xlsx", list.Content.Headers.ContentDisposition?.FileNameStar);
        var sheet = XlsxReader.Open(await list.Content.ReadAsByteArrayAsync())["交办清单"];
        Assert.Equal(["序号", "建议编号", "建议标题", "类别", "领衔代表", "主办单位", "会办/分办单位", "办理方式", "重点督办", "答复期限"], sheet[0]);
        Assert.Equal(4, sheet.Count);
        var row = sheet.Single(r => r[2] == "关于优化城区公交线网的建议");
        Assert.Equal(["交通邮电", "王建国", "市交通运输局", "市公安局", "主办+会办", "否", "2026-06-02"], row.Skip(3));
        Assert.Equal(["是"], sheet.Where(r => r[2] == "关于加强校园周边交通秩序管理的建议").Select(r => r[8]));
        Assert.Equal(["分办"], sheet.Where(r => r[2] == "关于规范共享单车停放的建议").Select(r => r[7]));
        var after = WebUtility.HtmlDecode(await client.GetStringAsync($"/Meetings/{meeting}"));
        Assert.Contains("已交办（3 件）", after);
    }

    [Fact]
    public async Task FormPost_OneInvalidRow_AssignsNothingAndNamesTheRow()
    {
        var client = await _world.ClientAsAsync("lgw");
        var meeting = await CreateMeetingAsync(client, "交办会（错误行）");
        var good = await _world.ReviewedAsync("关于增设公交候车亭的建议");
        var bad = await _world.ReviewedAsync("关于治理噪声扰民的建议");
        var number = (await SuggestionAsync(bad)).DisplayNumber;

        var response = await client.PostFormAsync($"/Meetings/{meeting}?handler=Assign", new Dictionary<string, string>
        {
            ["Rows[0].SuggestionId"] = good.ToString(CultureInfo.InvariantCulture), ["Rows[0].Selected"] = "true", ["Rows[0].LeadUnit"] = "市交通运输局",
            ["Rows[1].SuggestionId"] = bad.ToString(CultureInfo.InvariantCulture), ["Rows[1].Selected"] = "true", ["Rows[1].LeadUnit"] = "市噪声管理局",
        }, tokenFrom: $"/Meetings/{meeting}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("本次交办未执行", html);
        Assert.Contains($"{number}《关于治理噪声扰民的建议》：承办单位“市噪声管理局”不存在", html);
        Assert.True(await AwaitingAssignmentAsync(good));
        Assert.True(await AwaitingAssignmentAsync(bad));
        Assert.Equal(SuggestionState.AwaitingAssignment, (await SuggestionAsync(good)).State);
    }

    [Fact]
    public async Task Check_EveryBadRow_IsReportedAndConfirmRefusesTheWholeList()
    {
        var client = await _world.ClientAsAsync("lgw");
        var meeting = await CreateMeetingAsync(client, "交办会（检查）");
        var good = await _world.ReviewedAsync("关于优化交通信号灯配时的建议");
        var keyWithoutLeader = await _world.ReviewedAsync("关于建设智慧停车系统的建议");
        var noLead = await _world.ReviewedAsync("关于拓宽城市主干道的建议");
        object[] rows =
        [
            new { suggestionId = good, leadUnit = "jtj" },
            new { suggestionId = keyWithoutLeader, leadUnit = "jtj", isKey = true },
            new { suggestionId = noLead, leadUnit = "", otherUnits = "市公安局" },
        ];

        var check = await (await PostJsonAsync(client, meeting, "Check", rows)).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.False((bool)check["ok"]!);
        var errors = check["errors"]!.AsArray().ToDictionary(e => (int)e!["suggestionId"]!, e => (string)e!["message"]!);
        Assert.Equal([keyWithoutLeader, noLead], errors.Keys.Order());
        Assert.Contains("重点督办建议须选择督办领导", errors[keyWithoutLeader]);
        Assert.Contains("请填写主办单位", errors[noLead]);

        var confirm = await PostJsonAsync(client, meeting, "Confirm", rows);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, confirm.StatusCode);
        Assert.True(await AwaitingAssignmentAsync(good));
    }

    [Fact]
    public async Task FormPost_StaleRows_AllNamedThenDropThemAndContinueAssignsTheRest()
    {
        var client = await _world.ClientAsAsync("lgw");
        var meeting = await CreateMeetingAsync(client, "交办会（去掉不能交办的）");
        var good = await _world.ReviewedAsync("关于增加社区养老服务站的建议");
        var staleA = await _world.ReviewedAsync("关于整治占道经营的建议");
        var staleB = await _world.ReviewedAsync("关于完善城市排水设施的建议");
        var earlier = await CreateMeetingAsync(client, "交办会（先行）");
        foreach (var id in new[] { staleA, staleB })
        {
            var assigned = await PostJsonAsync(client, earlier, "Confirm", new object[] { new { suggestionId = id, leadUnit = "jtj" } });
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(client, earlier, "Next", new { })).StatusCode);
        }
        var form = new Dictionary<string, string>();
        var ids = new[] { good, staleA, staleB };
        for (var i = 0; i < ids.Length; i++)
        {
            form[$"Rows[{i}].SuggestionId"] = ids[i].ToString(CultureInfo.InvariantCulture);
            form[$"Rows[{i}].Selected"] = "true";
            form[$"Rows[{i}].LeadUnit"] = "市交通运输局";
        }

        var first = await client.PostFormAsync($"/Meetings/{meeting}?handler=Assign", form, tokenFrom: $"/Meetings/{meeting}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var refused = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());

        Assert.Contains($"{(await SuggestionAsync(staleA)).DisplayNumber}《关于整治占道经营的建议》：不在待交办状态", refused);
        Assert.Contains($"{(await SuggestionAsync(staleB)).DisplayNumber}《关于完善城市排水设施的建议》：不在待交办状态", refused);
        Assert.Contains("共 2 件不能交办", refused);
        Assert.Contains("去掉这些并继续", refused);
        Assert.True(await AwaitingAssignmentAsync(good));

        form["Refused[0]"] = staleA.ToString(CultureInfo.InvariantCulture);
        form["Refused[1]"] = staleB.ToString(CultureInfo.InvariantCulture);
        var response = await client.PostFormAsync($"/Meetings/{meeting}?handler=AssignWithoutRefused", form, tokenFrom: $"/Meetings/{meeting}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SuggestionState.InHandling, (await SuggestionAsync(good)).State);
        Assert.Contains("已交办 1 件建议。", WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString)));
    }

    [Fact]
    public async Task ConfirmedListNotFinished_PageShowsProgressAndResumeAssignsTheRest()
    {
        var client = await _world.ClientAsAsync("lgw");
        var meeting = await CreateMeetingAsync(client, "交办会（中断后继续）");
        var a = await _world.ReviewedAsync("关于改造老旧小区电梯的建议");
        var b = await _world.ReviewedAsync("关于加强食品安全监管的建议");
        var confirm = await PostJsonAsync(client, meeting, "Confirm", new object[] { new { suggestionId = a, leadUnit = "jtj" }, new { suggestionId = b, leadUnit = "gaj" } });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);

        // The browser closed before asking for the first chunk.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Meetings/{meeting}"));
        Assert.Contains("已确认的交办清单共 2 件，已交办 0 件，还有 2 件", page);
        Assert.True(await AwaitingAssignmentAsync(a));

        var response = await client.PostFormAsync($"/Meetings/{meeting}?handler=Resume", [], tokenFrom: $"/Meetings/{meeting}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SuggestionState.InHandling, (await SuggestionAsync(a)).State);
        Assert.Equal(SuggestionState.InHandling, (await SuggestionAsync(b)).State);
        Assert.DoesNotContain("交办未完成", WebUtility.HtmlDecode(await client.GetStringAsync($"/Meetings/{meeting}")));
    }

    [Fact]
    public async Task FormPost_SelectedRows_AssignedInOneCallOthersStay()
    {
        var client = await _world.ClientAsAsync("lgw");
        var meeting = await CreateMeetingAsync(client, "交办会（表单）");
        var chosen = await _world.ReviewedAsync("关于加密夜间公交班次的建议");
        var left = await _world.ReviewedAsync("关于改善农贸市场环境的建议");

        var response = await client.PostFormAsync($"/Meetings/{meeting}?handler=Assign", new Dictionary<string, string>
        {
            ["Rows[0].SuggestionId"] = chosen.ToString(CultureInfo.InvariantCulture), ["Rows[0].Selected"] = "true", ["Rows[0].LeadUnit"] = "jtj",
            ["Rows[0].OtherUnits"] = "市公安局、gaj",
            ["Rows[1].SuggestionId"] = left.ToString(CultureInfo.InvariantCulture), ["Rows[1].LeadUnit"] = "gaj",
        }, tokenFrom: $"/Meetings/{meeting}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var assigned = await SuggestionAsync(chosen);
        Assert.Equal(SuggestionState.InHandling, assigned.State);
        Assert.Equal(["gaj", "jtj"], assigned.Units.Select(u => u.UnitId).Order());
        Assert.True(await AwaitingAssignmentAsync(left));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("已交办 1 件建议。", page);
    }

    [Fact]
    public async Task Candidates_FilterByCategoryAndSearch()
    {
        var client = await _world.ClientAsAsync("lgw");
        var meeting = await CreateMeetingAsync(client, "交办会（筛选）");
        var health = await _world.ReviewedAsync("关于扩大家庭医生签约覆盖面的建议");
        await _world.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var suggestion = await db.Set<Suggestion>().SingleAsync(s => s.Id == health);
            suggestion.Category = "教科文卫体";
            return await db.SaveChangesAsync();
        });
        await _world.ReviewedAsync("关于延长地铁运营时间的建议");

        var byCategory = WebUtility.HtmlDecode(await client.GetStringAsync($"/Meetings/{meeting}?category={Uri.EscapeDataString("教科文卫体")}"));
        var bySearch = WebUtility.HtmlDecode(await client.GetStringAsync($"/Meetings/{meeting}?q={Uri.EscapeDataString("地铁")}"));

        Assert.Contains("关于扩大家庭医生签约覆盖面的建议", byCategory);
        Assert.DoesNotContain("关于延长地铁运营时间的建议", byCategory);
        Assert.Contains("关于延长地铁运营时间的建议", bySearch);
        Assert.DoesNotContain("关于扩大家庭医生签约覆盖面的建议", bySearch);
        Assert.Contains("src=\"/js/meetings.js?v=", bySearch);
    }

    [Theory]
    [InlineData("jtj.staff", "/Meetings")]
    [InlineData("zhou", "/Meetings")]
    [InlineData("deputy1", "/Meetings/1?handler=List")]
    public async Task Pages_NonOffice_AreDenied(string user, string url)
    {
        var client = await _world.ClientAsAsync(user);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meeting_Unknown_IsNotFound()
    {
        var client = await _world.ClientAsAsync("lgw");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Meetings/9999")).StatusCode);
    }
}
