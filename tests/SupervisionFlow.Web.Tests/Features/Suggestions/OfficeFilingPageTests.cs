using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Suggestions;

/// <summary>
/// 代录建议 (/Suggestions/New) on the real host and a SQLite file, signed in through the login form: the office files a
/// paper suggestion for a deputy (王建国 1, 李秀英 2 of 青羊区代表团, 张伟 3), sees similar ones with links, and is the
/// only one who may.
/// </summary>
public sealed class OfficeFilingPageTests(WebWorldFixture world) : IClassFixture<WebWorldFixture>
{
    private const string Content = "建议在老旧小区周边挖潜增设停车位，缓解居民停车难。";

    private readonly WebWorld _world = world.Value;

    private static List<KeyValuePair<string, string>> Form(
        string title, string? leadId = null, string? leadSearch = null, string[]? coSigners = null, string category = "城乡建设与管理",
        string session = "5", string content = Content)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Kind", "Session"),
            new("Input.Term", "18"),
            new("Input.Session", session),
            new("Input.Title", title),
            new("Input.Content", content),
            new("Input.Category", category),
            new("Input.FormedBy", "专题调研"),
            new("Input.Disclosure", "TitleOnly"),
        };
        if (leadId is not null)
        {
            fields.Add(new("LeadDeputyId", leadId));
        }
        if (leadSearch is not null)
        {
            fields.Add(new("LeadSearch", leadSearch));
        }
        fields.AddRange((coSigners ?? []).Select(c => new KeyValuePair<string, string>("Input.CoSignerIds", c)));
        return fields;
    }

    private static int IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Suggestions/", location, StringComparison.Ordinal);
        return int.Parse(location["/Suggestions/".Length..], CultureInfo.InvariantCulture);
    }

    private Task<int> CountAsync(string title) =>
        _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Suggestion>().CountAsync(x => x.Title == title));

    [Fact]
    public async Task File_ForDeputy3_TheSuggestionIsTheDeputysAuditedAsEnteredByTheOfficeAndItsProcessStarted()
    {
        const string title = "关于增加老旧小区停车位的建议";
        var office = await _world.ClientAsAsync("lgw");

        var response = await office.PostFormAsync("/Suggestions/New", Form(title, leadId: "3", coSigners: ["2"]));

        var id = IdFrom(response);
        var suggestion = await _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Suggestion>()
            .Include(x => x.CoSigners).SingleAsync(x => x.Id == id));
        Assert.Equal(3, suggestion.LeadDeputyId);
        Assert.Equal([2], suggestion.CoSigners.Select(c => c.DeputyId).ToArray());
        Assert.Equal(SuggestionKind.Session, suggestion.Kind);
        Assert.Equal(DisclosureConsent.TitleOnly, suggestion.Disclosure);
        Assert.Equal(SuggestionState.UnderReview, suggestion.State);
        Assert.NotNull(suggestion.ProcessInstanceId);
        Assert.Contains(await _world.OpenTasksAsync(id), t => t.ActivityId == "review");
        var audit = await _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .SingleAsync(a => a.SuggestionId == id && a.Action == "suggestion.submitted"));
        Assert.Equal("lgw", audit.Actor);
        Assert.StartsWith(SuggestionIntakeService.OnBehalfNote, audit.Details, StringComparison.Ordinal);
        // The office lands on the suggestion's page (where it merges a duplicate); the deputy finds it as their own.
        var page = await office.GetStringAsync($"/Suggestions/{id}");
        Assert.Contains("已代录建议，编号第", page, StringComparison.Ordinal);
        Assert.Contains("联工委代录", page, StringComparison.Ordinal);
        Assert.Contains(title, await (await _world.ClientAsAsync("deputy3")).GetStringAsync("/Portal"), StringComparison.Ordinal);
        Assert.DoesNotContain(title, await (await _world.ClientAsAsync("deputy1")).GetStringAsync("/Portal"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_LeadTypedAsAUniqueName_FilesForThatDeputy()
    {
        const string title = "关于完善社区养老服务设施的建议";
        var office = await _world.ClientAsAsync("lgw");

        var id = IdFrom(await office.PostFormAsync("/Suggestions/New", Form(title, leadSearch: "李秀英")));

        Assert.Equal(2, await _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Suggestion>()
            .Where(x => x.Id == id).Select(x => x.LeadDeputyId).SingleAsync()));
    }

    [Fact]
    public async Task File_BadFieldsAndUnknownLead_ShowsEveryMessageKeepsTheInputAndChangesNothing()
    {
        var office = await _world.ClientAsAsync("lgw");
        var token = await office.TokenAsync("/Suggestions/New");
        var before = await DatabaseSnapshot.TakeAsync(_world.Services);

        var fields = Form("", leadSearch: "赵无名", coSigners: ["2"], category: "天文", content: "我保留的代录内容");
        fields.Add(new("__RequestVerificationToken", token));
        var response = await office.PostAsync("/Suggestions/New", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"field-error\" id=\"title-error\">请填写标题</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"category-error\">类别“天文”不在可选类别中", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"field-error\" id=\"lead-error\">没有找到“赵无名”，请检查姓名或代表团</span>", html, StringComparison.Ordinal);
        Assert.Contains("我保留的代录内容", html, StringComparison.Ordinal);
        Assert.Contains("value=\"赵无名\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.CoSignerIds\" value=\"2\" checked /> 李秀英", html, StringComparison.Ordinal);
        (await DatabaseSnapshot.TakeAsync(_world.Services)).AssertSameAs(before);
    }

    [Fact]
    public async Task FindLead_ByDelegation_ListsTheDeputiesToPickAndKeepsWhatWasTyped()
    {
        var office = await _world.ClientAsAsync("lgw");

        var response = await office.PostFormAsync("/Suggestions/New?handler=Lead", Form("关于尚未代录的建议", leadSearch: "青羊区"), tokenFrom: "/Suggestions/New");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("name=\"LeadDeputyId\" value=\"2\" /> 李秀英", html, StringComparison.Ordinal);
        Assert.DoesNotContain("王建国", html[html.IndexOf("lead-results", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("value=\"关于尚未代录的建议\"", html, StringComparison.Ordinal);
        // 代录提交 posts to the page, not again to the search handler the address now names.
        var form = System.Text.RegularExpressions.Regex.Match(html, "<form[^>]*office-file-form[^>]*>").Value;
        Assert.Contains("action=\"/Suggestions/New\"", form, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("关于尚未代录的建议"));
    }

    [Fact]
    public async Task FindSimilar_WithoutScript_OfficeSeesTheNearDuplicateWithLinkAndScore()
    {
        var earlier = await _world.WithScopeAsync(async s => (await s.GetRequiredService<SuggestionIntakeService>().SubmitAsync(new SubmitSuggestion(
            SuggestionKind.Session, 18, 6, "关于优化城区公交线网布局的建议", "建议对城区公交线网进行系统优化，增开社区微循环线路。", "交通邮电", null, 1, [],
            DisclosureConsent.None, false), new Actor("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup }))).Id);
        var office = await _world.ClientAsAsync("lgw");
        const string title = "关于优化城区公交线网的建议";

        var response = await office.PostFormAsync("/Suggestions/New?handler=Similar",
            Form(title, leadId: "3", session: "6", content: "建议对城区公交线网进行系统优化，增开社区微循环线路。"), tokenFrom: "/Suggestions/New");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var panel = html.Split("data-testid=\"similar-results\"")[1].Split("</div>")[0];
        Assert.Contains($"<a href=\"/Suggestions/{earlier}\">关于优化城区公交线网布局的建议</a>", panel, StringComparison.Ordinal);
        Assert.Contains("相似度", panel, StringComparison.Ordinal);
        Assert.Contains("name=\"LeadDeputyId\" value=\"3\" checked /> 张伟", html, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(title));
    }

    [Theory]
    [InlineData("jtj.staff")]
    [InlineData("deputy1")]
    public async Task NewPage_UnitsAndDeputies_AreRefusedAndFileNothing(string user)
    {
        const string title = "关于越权代录的建议";
        var client = await _world.ClientAsAsync(user);

        var page = await client.GetAsync("/Suggestions/New");
        var post = await client.PostFormAsync("/Suggestions/New", Form(title, leadId: "1"), tokenFrom: "/Suggestions");
        var list = await client.GetStringAsync("/Suggestions");

        Assert.StartsWith("/Auth/AccessDenied", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/Auth/AccessDenied", post.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("/Suggestions/New", list, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(title));
        Assert.Contains("href=\"/Suggestions/New\"", await (await _world.ClientAsAsync("lgw")).GetStringAsync("/Suggestions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_EnteredByOfficeFromADeputy_IsForbidden()
    {
        var deputy = new Actor("deputy1", "王建国", new HashSet<string> { Actor.DeputyGroup(1) });
        var request = new SubmitSuggestion(SuggestionKind.Session, 18, 5, "关于冒充代录的建议", Content, "城乡建设与管理", null, 1, [], DisclosureConsent.Full, false)
        {
            EnteredByOffice = true,
        };

        await Assert.ThrowsAsync<HandlingForbiddenException>(() =>
            _world.WithScopeAsync(s => s.GetRequiredService<SuggestionIntakeService>().SubmitAsync(request, deputy)));
        Assert.Equal(0, await CountAsync("关于冒充代录的建议"));
    }
}
