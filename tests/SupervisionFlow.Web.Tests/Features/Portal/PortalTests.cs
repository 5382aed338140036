using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Portal;

/// <summary>
/// 代表之窗 on the real host, signed in through the login form: deputy1 is deputy 1 (王建国), deputy3 is deputy 3 (张伟);
/// deputy 2 (李秀英) has no login.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PortalTests(WebWorldFixture world)
{
    private readonly WebWorld _world = world.Value;

    private static readonly Actor Office = new("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });

    private static Actor Unit(string unit) => new($"{unit}.staff", "经办人", new HashSet<string> { Actor.UnitGroup(unit) });

    private static Actor Head(string unit) => new($"{unit}.head", "负责人", new HashSet<string> { Actor.UnitHeadGroup(unit) });

    private async Task<int> FileAsync(string title, int lead, params int[] coSigners) =>
        await _world.WithScopeAsync(async services => (await services.GetRequiredService<SuggestionIntakeService>().SubmitAsync(new SubmitSuggestion(
            SuggestionKind.BetweenSession, 18, 5, title, "建议内容。\n第二段。", "城乡建设与管理", "座谈走访", lead, coSigners, DisclosureConsent.Full, false), Office)).Id);

    [Fact]
    public async Task MySuggestions_ListsOnlyThoseTheDeputyLeadsOrCoSigned()
    {
        await FileAsync("关于一号代表领衔的建议", 1, 2);
        await FileAsync("关于三号代表领衔一号附议的建议", 3, 1);
        await FileAsync("关于二号代表领衔三号附议的建议", 2, 3);

        var deputy1 = await (await _world.ClientAsAsync("deputy1")).GetStringAsync("/Portal");
        var deputy3 = await (await _world.ClientAsAsync("deputy3")).GetStringAsync("/Portal");

        Assert.Contains("关于一号代表领衔的建议", deputy1);
        Assert.Contains("关于三号代表领衔一号附议的建议", deputy1);
        Assert.Contains("附议（领衔：张伟）", deputy1);
        Assert.DoesNotContain("关于二号代表领衔三号附议的建议", deputy1);
        Assert.Contains("关于三号代表领衔一号附议的建议", deputy3);
        Assert.Contains("关于二号代表领衔三号附议的建议", deputy3);
        Assert.DoesNotContain("关于一号代表领衔的建议", deputy3);
        Assert.Contains("审核中", deputy1);
    }

    [Fact]
    public async Task Suggestion_OfAnotherDeputy_IsNotFoundForReadingOrWithdrawing()
    {
        var id = await FileAsync("关于一号代表不公开给他人的建议", 1, 2);
        var deputy3 = await _world.ClientAsAsync("deputy3");

        var page = await deputy3.GetAsync($"/Portal/Suggestion/{id}");
        var withdraw = await deputy3.PostFormAsync($"/Portal/Suggestion/{id}?handler=Withdraw",
            new Dictionary<string, string> { ["WithdrawReason"] = "冒名撤回" }, tokenFrom: "/Portal");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("关于一号代表不公开给他人的建议", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _world.ClientAsAsync("deputy1")).GetAsync($"/Portal/Suggestion/{id}")).StatusCode);
    }

    [Fact]
    public async Task Portal_ForOtherRolesAndAnonymous_IsClosed()
    {
        var office = await (await _world.ClientAsAsync("lgw")).GetAsync("/Portal");
        var unit = await (await _world.ClientAsAsync("jtj.staff")).GetAsync("/Portal/Submit");
        var anonymous = await _world.AnonymousClient().GetAsync("/Portal");

        Assert.Equal(HttpStatusCode.Redirect, office.StatusCode);
        Assert.StartsWith("/Auth/AccessDenied", office.Headers.Location?.PathAndQuery);
        Assert.StartsWith("/Auth/AccessDenied", unit.Headers.Location?.PathAndQuery);
        Assert.StartsWith("/Auth/Login", anonymous.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task Submit_ValidForm_FilesTheSuggestionAsLeadWithCoSignersAndConsent()
    {
        var client = await _world.ClientAsAsync("deputy1");

        var response = await client.PostFormAsync("/Portal/Submit", Form(title: "关于增加社区停车位的建议", coSigners: ["3", "2"], disclosure: "TitleOnly", referenceOnly: true));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Portal/Suggestion/", location);
        var id = int.Parse(location["/Portal/Suggestion/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var page = await client.GetStringAsync(location);
        Assert.Contains("建议已提交，编号第", page);
        Assert.Contains("关于增加社区停车位的建议", page);
        Assert.Contains("张伟、李秀英", page); // in the order the deputy picked them
        Assert.Contains("仅公开标题；仅供参考，不需书面答复", page);
        var suggestion = await _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Suggestion>().Include(x => x.CoSigners).SingleAsync(x => x.Id == id));
        Assert.Equal(1, suggestion.LeadDeputyId);
        Assert.Equal([2, 3], suggestion.CoSigners.Select(c => c.DeputyId).Order().ToArray());
        Assert.Equal(DisclosureConsent.TitleOnly, suggestion.Disclosure);
        Assert.True(suggestion.ReferenceOnly);
        Assert.Equal(SuggestionKind.BetweenSession, suggestion.Kind);
        Assert.Equal("专题调研", suggestion.FormedBy);
        Assert.NotNull(suggestion.ProcessInstanceId);
    }

    [Fact]
    public async Task Submit_BadFields_ShowsChineseMessagesNextToTheFieldsAndFilesNothing()
    {
        var client = await _world.ClientAsAsync("deputy1");
        var before = await CountAsync();

        var response = await client.PostFormAsync("/Portal/Submit", Form(title: "", category: "", term: "十八届以后", content: "我保留的内容"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"field-error\" id=\"title-error\">请填写标题</span>", html);
        Assert.Contains("<span class=\"field-error\" id=\"category-error\">请填写类别</span>", html);
        Assert.Contains("<span class=\"field-error\" id=\"term-error\">届次“十八届以后”应为正整数</span>", html);
        Assert.Contains("我保留的内容", html);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Submit_SearchForCoSigners_ListsMatchingDeputiesAndKeepsWhatWasTyped()
    {
        var client = await _world.ClientAsAsync("deputy1");
        var fields = Form(title: "关于尚未提交的建议", coSigners: ["3"]).Append(new("DeputySearch", "李")).ToList();

        var response = await client.PostFormAsync("/Portal/Submit?handler=Search", fields, tokenFrom: "/Portal/Submit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("name=\"Input.CoSignerIds\" value=\"2\" /> 李秀英", html);
        Assert.Contains("name=\"Input.CoSignerIds\" value=\"3\" checked /> 张伟", html);
        Assert.Contains("value=\"关于尚未提交的建议\"", html);
        // 提交建议 posts to the page, not again to the search handler the address now names.
        Assert.Contains("action=\"/Portal/Submit\"", html);
        Assert.DoesNotContain("王建国", html[html.IndexOf("portal-results", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task ScriptInTitle_IsShownAsText()
    {
        await FileAsync("<script>alert('x')</script>关于转义的建议", 1);
        var client = await _world.ClientAsAsync("deputy1");

        var list = await client.GetStringAsync("/Portal");

        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;关于转义的建议", list);
        Assert.DoesNotContain("<script>alert", list);
    }

    [Fact]
    public async Task Rate_DeliveredReply_ShowsTheLetterAndRecordsTheDeputysRating()
    {
        var id = await FileAsync("关于完善公交站台遮雨棚的建议", 1, 2);
        await _world.CompleteAsync(id, "review", Office, new JsonObject { ["decision"] = "accept" });
        await _world.CompleteAsync(id, "assign", Office, new JsonObject { ["leadUnitId"] = "jtj" });
        await _world.CompleteAsync(id, "acknowledge", Unit("jtj"), new JsonObject { ["ackDecision"] = "accept" });
        await _world.CompleteAsync(id, "plan", Unit("jtj"), new JsonObject { ["handlerName"] = "刘经办", ["plan"] = "分步实施。", ["plannedCompletionOn"] = "2026-05-20" });
        await _world.CompleteAsync(id, "visitBefore", Unit("jtj"), new JsonObject { ["contactedOn"] = "2026-03-02", ["method"] = "上门拜访", ["summary"] = "听取意见。" });
        await _world.CompleteAsync(id, "visitDuring", Unit("jtj"), new JsonObject { ["contactedOn"] = "2026-03-02", ["method"] = "电话", ["summary"] = "通报进展。" });
        await _world.CompleteAsync(id, "draftReply", Unit("jtj"), new JsonObject { ["resultClass"] = "A", ["text"] = "经研究，已在全市新建遮雨棚120座。\n<b>不是标签</b>" });
        await _world.CompleteAsync(id, "signOff", Head("jtj"), new JsonObject { ["signedBy"] = "赵局长" });
        await _world.CompleteAsync(id, "visitAfter", Unit("jtj"), new JsonObject { ["contactedOn"] = "2026-03-02", ["method"] = "电话", ["summary"] = "回访。", ["deputyView"] = "满意" });
        var client = await _world.ClientAsAsync("deputy1");

        var page = await client.GetStringAsync($"/Portal/Suggestion/{id}");
        Assert.Contains("经研究，已在全市新建遮雨棚120座。", page);
        Assert.Contains("&lt;b&gt;不是标签&lt;/b&gt;", page);
        Assert.DoesNotContain("<b>不是标签", page);
        Assert.Contains("A类", page);
        Assert.Contains("签发：赵局长", page);
        Assert.Contains("市交通运输局", page);
        Assert.Contains("id=\"evaluate\"", page);
        Assert.Contains("待您测评", await client.GetStringAsync("/Portal"));

        var missingComment = await client.PostFormAsync($"/Portal/Suggestion/{id}?handler=Evaluate",
            new Dictionary<string, string> { ["Attitude"] = "Satisfied", ["Result"] = "Unsatisfied" }, tokenFrom: $"/Portal/Suggestion/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, missingComment.StatusCode);
        Assert.Contains("<span class=\"field-error\">请填写“意见”</span>", await missingComment.Content.ReadAsStringAsync());
        Assert.Empty(await EvaluationsAsync(id));

        var rated = await client.PostFormAsync($"/Portal/Suggestion/{id}?handler=Evaluate",
            new Dictionary<string, string> { ["Attitude"] = "Satisfied", ["Result"] = "BasicallySatisfied", ["Comment"] = "希望继续推进。" }, tokenFrom: $"/Portal/Suggestion/{id}");

        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        var evaluation = Assert.Single(await EvaluationsAsync(id));
        Assert.Equal(1, evaluation.DeputyId);
        Assert.Equal(Satisfaction.Satisfied, evaluation.Attitude);
        Assert.Equal(Satisfaction.BasicallySatisfied, evaluation.Result);
        var after = await client.GetStringAsync($"/Portal/Suggestion/{id}");
        Assert.Contains("测评已提交", after);
        Assert.Contains("办理态度 满意，办理结果 基本满意；希望继续推进。", after);
        Assert.DoesNotContain("id=\"evaluate\"", after);
    }

    [Fact]
    public async Task Revise_ReturnedSuggestion_GoesBackToReviewWithTheNewText()
    {
        var id = await FileAsync("关于待修改的建议", 1);
        await _world.CompleteAsync(id, "review", Office, new JsonObject { ["decision"] = "revise", ["reason"] = "请补充具体路段。" });
        var client = await _world.ClientAsAsync("deputy1");

        var page = await client.GetStringAsync($"/Portal/Suggestion/{id}");
        Assert.Contains("请补充具体路段。", page);
        Assert.Contains("退回修改，待您修改", await client.GetStringAsync("/Portal"));

        var response = await client.PostFormAsync($"/Portal/Suggestion/{id}?handler=Revise",
            new Dictionary<string, string> { ["RevisedTitle"] = "关于修改后的建议", ["RevisedContent"] = "补充了人民路、解放路两处路段。" }, tokenFrom: $"/Portal/Suggestion/{id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var suggestion = await SuggestionAsync(id);
        Assert.Equal("关于修改后的建议", suggestion.Title);
        Assert.Equal(SuggestionState.UnderReview, suggestion.State);
    }

    [Fact]
    public async Task Withdraw_ByTheLeadWithAReason_StopsHandling()
    {
        var id = await _world.AssignedAsync("jtj", "关于将要撤回的建议");
        var client = await _world.ClientAsAsync("deputy1");

        var noReason = await client.PostFormAsync($"/Portal/Suggestion/{id}?handler=Withdraw", new Dictionary<string, string> { ["WithdrawReason"] = " " }, tokenFrom: $"/Portal/Suggestion/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("请填写撤回理由", await noReason.Content.ReadAsStringAsync());

        var response = await client.PostFormAsync($"/Portal/Suggestion/{id}?handler=Withdraw", new Dictionary<string, string> { ["WithdrawReason"] = "问题已由相关部门解决。" }, tokenFrom: $"/Portal/Suggestion/{id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SuggestionState.Withdrawn, (await SuggestionAsync(id)).State);
        Assert.Empty(await _world.OpenTasksAsync(id));
        Assert.Contains("已撤回", await client.GetStringAsync($"/Portal/Suggestion/{id}"));
    }

    [Fact]
    public async Task Withdraw_ByACoSigner_IsRefused()
    {
        var id = await FileAsync("关于附议代表不能撤回的建议", 3, 1);
        await _world.CompleteAsync(id, "review", Office, new JsonObject { ["decision"] = "accept" });
        var client = await _world.ClientAsAsync("deputy1");

        Assert.DoesNotContain("id=\"withdraw\"", await client.GetStringAsync($"/Portal/Suggestion/{id}"));
        var response = await client.PostFormAsync($"/Portal/Suggestion/{id}?handler=Withdraw", new Dictionary<string, string> { ["WithdrawReason"] = "附议代表想撤回" }, tokenFrom: $"/Portal/Suggestion/{id}");

        Assert.Contains("只有领衔代表可以撤回建议", await response.Content.ReadAsStringAsync());
        Assert.Equal(SuggestionState.AwaitingAssignment, (await SuggestionAsync(id)).State);
    }

    [Fact]
    public async Task Pages_AreBuiltForPhones()
    {
        var client = await _world.ClientAsAsync("deputy1");

        var submit = await client.GetStringAsync("/Portal/Submit");
        var css = await client.GetAsync("/css/portal.css");

        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />", submit);
        Assert.Contains("/css/portal.css", submit);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains("@media (max-width: 640px)", await css.Content.ReadAsStringAsync());
    }

    private static List<KeyValuePair<string, string>> Form(
        string title, string[]? coSigners = null, string disclosure = "Full", bool referenceOnly = false, string category = "交通邮电",
        string term = "18", string content = "建议在老旧小区周边挖潜增设停车位。")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Kind", "BetweenSession"),
            new("Input.Term", term),
            new("Input.Session", "5"),
            new("Input.Title", title),
            new("Input.Content", content),
            new("Input.Category", category),
            new("Input.FormedBy", "专题调研"),
            new("Input.Disclosure", disclosure),
        };
        fields.AddRange((coSigners ?? []).Select(c => new KeyValuePair<string, string>("Input.CoSignerIds", c)));
        if (referenceOnly)
        {
            fields.Add(new("Input.ReferenceOnly", "true"));
        }
        return fields;
    }

    private Task<Suggestion> SuggestionAsync(int id) =>
        _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Suggestion>().AsNoTracking().SingleAsync(x => x.Id == id));

    private Task<List<Evaluation>> EvaluationsAsync(int id) =>
        _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Evaluation>().AsNoTracking().Where(e => e.SuggestionId == id).ToListAsync());

    private Task<int> CountAsync() =>
        _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Suggestion>().CountAsync());
}
