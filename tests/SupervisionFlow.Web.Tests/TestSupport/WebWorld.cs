using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// The real host with the real workflows on a SQLite file and a manual clock, a small directory (units jtj and gaj,
/// deputies 1–3, committee cjw, leader zhou) and one user per role, all with <see cref="Password"/>. Clients sign in
/// through the login page like a browser (cookie and antiforgery token).
/// </summary>
public sealed partial class WebWorld : IAsyncDisposable
{
    public const string Password = "Test-Passw0rd-1";

    private WebWorld(EngineApiHost host) => Host = host;

    public EngineApiHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public ProcessEngine Engine => Services.GetRequiredService<ProcessEngine>();

    /// <summary>User name → (role, unit, deputy, committee, leader).</summary>
    public static readonly IReadOnlyDictionary<string, (string Role, string? Unit, int? Deputy, string? Committee, string? Leader)> Users =
        new Dictionary<string, (string, string?, int?, string?, string?)>
        {
            ["sysadmin"] = (Roles.Admin, null, null, null, null),
            ["lgw"] = (Roles.Office, null, null, null, null),
            ["jtj.staff"] = (Roles.UnitHandler, "jtj", null, null, null),
            ["jtj.head"] = (Roles.UnitHead, "jtj", null, null, null),
            ["gaj.staff"] = (Roles.UnitHandler, "gaj", null, null, null),
            ["deputy1"] = (Roles.Deputy, null, 1, null, null),
            ["deputy3"] = (Roles.Deputy, null, 3, null, null),
            ["cjw.member"] = (Roles.Committee, null, null, "cjw", null),
            ["zhou"] = (Roles.Leader, null, null, null, "zhou"),
        };

    public static async Task<WebWorld> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Engine:WorkflowsPath"] = RepoPaths.Workflows,
            ["Notifications:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests", $"mail-{Guid.NewGuid():N}"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var host = new EngineApiHost(all, configureServices);
        _ = host.Services;
        var world = new WebWorld(host);
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.AddRange(
            new Deputy { Id = 1, Name = "王建国", Delegation = "锦江区代表团", Email = "wangjg@example.cn" },
            new Deputy { Id = 2, Name = "李秀英", Delegation = "青羊区代表团", Email = "lixy@example.cn" },
            new Deputy { Id = 3, Name = "张伟", Delegation = "武侯区代表团", Email = "zhangw@example.cn" });
        db.AddRange(
            new HandlingUnit { Id = "jtj", Name = "市交通运输局", Kind = "政府部门", Email = "jtj@example.gov.cn", HeadName = "赵局长" },
            new HandlingUnit { Id = "gaj", Name = "市公安局", Kind = "政府部门", Email = "gaj@example.gov.cn", HeadName = "钱局长" });
        db.Add(new Committee { Id = "cjw", Name = "城乡建设环境保护委员会" });
        db.Add(new Leader { Id = "zhou", Name = "周副主任", Title = "常委会副主任", Kind = "主任会议成员" });
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var (name, (role, unit, deputy, committee, leader)) in Users)
        {
            var user = new AppUser { UserName = name, DisplayName = name + "（测试）", UnitId = unit, DeputyId = deputy, CommitteeId = committee, LeaderId = leader };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
        }
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    /// <summary>A client that follows no redirects and keeps cookies; not signed in.</summary>
    public HttpClient AnonymousClient() =>
        Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in as <paramref name="userName"/> through the login form.</summary>
    public async Task<HttpClient> ClientAsAsync(string userName)
    {
        var client = AnonymousClient();
        var response = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = userName, ["password"] = Password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>A session suggestion by deputy 1 (co-signed by deputy 2) with this title; returns its id.</summary>
    public async Task<int> SubmitAsync(string title = "关于优化城区公交线网的建议", int leadDeputy = 1)
    {
        using var scope = Services.CreateScope();
        var intake = scope.ServiceProvider.GetRequiredService<SuggestionIntakeService>();
        var suggestion = await intake.SubmitAsync(new SubmitSuggestion(
            SuggestionKind.Session, 18, 5, title, "建议对城区公交线网进行系统优化，增开社区微循环线路。", "交通邮电", "专题调研", leadDeputy,
            [2], DisclosureConsent.Full, false), new Actor($"deputy{leadDeputy}", "代表", new HashSet<string> { Actor.DeputyGroup(leadDeputy) }));
        return suggestion.Id;
    }

    /// <summary>Submits, accepts in review and assigns to <paramref name="unit"/>: the unit then has an 签收 task.</summary>
    public async Task<int> AssignedAsync(string unit, string title = "关于优化城区公交线网的建议")
    {
        var id = await SubmitAsync(title);
        var office = new Actor("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });
        await CompleteAsync(id, "review", office, new JsonObject { ["decision"] = "accept" });
        await CompleteAsync(id, "assign", office, new JsonObject { ["leadUnitId"] = unit });
        return id;
    }

    public async Task CompleteAsync(int suggestionId, string activityId, Actor actor, JsonObject values)
    {
        var task = await TaskAsync(suggestionId, activityId);
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TaskFormService>().SubmitAsync(task.Id, actor, values);
    }

    public async Task<TaskView> TaskAsync(int suggestionId, string activityId)
    {
        var tasks = await Engine.FindTasksAsync(new TaskQuery(BusinessKey: suggestionId.ToString(CultureInfo.InvariantCulture), ActivityId: activityId));
        Assert.True(tasks.Count == 1, $"expected one open '{activityId}' task of suggestion {suggestionId}, found {tasks.Count}");
        return tasks[0];
    }

    public async Task<IReadOnlyList<TaskView>> OpenTasksAsync(int suggestionId) =>
        await Engine.FindTasksAsync(new TaskQuery(BusinessKey: suggestionId.ToString(CultureInfo.InvariantCulture)));

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Form posts the way a browser sends them: the page's antiforgery token first fetched with a GET.</summary>
public static partial class FormPosts
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<string> TokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await (await client.GetAsync(pageUrl)).Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {pageUrl}: {html[..Math.Min(html.Length, 500)]}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>GETs <paramref name="url"/> for its token, then POSTs the fields (plus the token) to it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var token = await client.TokenAsync(tokenFrom ?? url);
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)).ToList();
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }
}
