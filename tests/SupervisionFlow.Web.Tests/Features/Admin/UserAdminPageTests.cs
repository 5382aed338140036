using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Admin;

/// <summary>
/// 用户管理: admins create users tied to the directory, reset passwords, lock and change roles; the users feel it at
/// sign-in and in their open sessions; nobody else reaches the pages.
/// </summary>
public sealed class UserAdminPageTests(SeededWorld<UserAdminPageTests.UnitTaskWaiting> world) : IClassFixture<SeededWorld<UserAdminPageTests.UnitTaskWaiting>>
{
    private const string NewPassword = "Neu-Passw0rd-22";

    private readonly WebWorld _world = world.Value;

    private static string AdminUser => WebWorld.Users.First(u => u.Value.Role == Roles.Admin).Key;

    public sealed class UnitTaskWaiting : WebScenario
    {
        // The stamp is checked on every request here, so a test sees at once what a user sees within the interval.
        public override Action<IServiceCollection>? ConfigureServices => services =>
            services.PostConfigure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        // The unit jtj has a 签收 task waiting.
        public override Task SeedAsync(WebWorld world) => world.AssignedAsync("jtj", "关于增开夜间公交的建议");
    }

    private static Dictionary<string, string> NewUser(string userName, string role, string? unit = null, string? deputy = null, string password = WebWorld.Password) => new()
    {
        ["UserName"] = userName,
        ["Password"] = password,
        ["Input.DisplayName"] = userName + " 测试",
        ["Input.Email"] = "",
        ["Input.Role"] = role,
        ["Input.UnitId"] = unit ?? "",
        ["Input.DeputyId"] = deputy ?? "",
        ["Input.CommitteeId"] = "",
        ["Input.LeaderId"] = "",
    };

    private static Dictionary<string, string> Account(string role, string? unit = null, string displayName = "改后姓名") => new()
    {
        ["Input.DisplayName"] = displayName,
        ["Input.Email"] = "",
        ["Input.Role"] = role,
        ["Input.UnitId"] = unit ?? "",
        ["Input.DeputyId"] = "",
        ["Input.CommitteeId"] = "",
        ["Input.LeaderId"] = "",
    };

    private async Task<HttpClient> AdminAsync() => await _world.ClientAsAsync(AdminUser);

    private async Task<string> CreateAsync(string userName, string role, string? unit = null)
    {
        var response = await (await AdminAsync()).PostFormAsync("/Admin/Users/Create", NewUser(userName, role, unit));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return (await FindAsync(userName))!.Id;
    }

    private Task<AppUser?> FindAsync(string userName) =>
        _world.WithScopeAsync(services => services.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName));

    private Task<IList<string>> RolesOfAsync(AppUser user) =>
        _world.WithScopeAsync(services => services.GetRequiredService<UserManager<AppUser>>().GetRolesAsync(user));

    private Task<List<AuditEntry>> AuditAsync(string action) =>
        _world.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == action).ToListAsync());

    private async Task<(HttpResponseMessage Response, HttpClient Client)> SignInAsync(string userName, string password)
    {
        var client = _world.AnonymousClient();
        var response = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = userName, ["password"] = password });
        return (response, client);
    }

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task Create_UnitHandlerWithUnit_SignsInAndSeesTheUnitsInbox()
    {
        var admin = await AdminAsync();

        var response = await admin.PostFormAsync("/Admin/Users/Create", NewUser("jtj.newcomer", Roles.UnitHandler, unit: "jtj"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("已创建用户 jtj.newcomer（承办单位经办人）", list);
        Assert.Contains("承办单位：市交通运输局", list);
        var (signIn, client) = await SignInAsync("jtj.newcomer", WebWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var inbox = await client.GetStringAsync("/Inbox");
        Assert.Contains("关于增开夜间公交的建议", inbox);
        Assert.Contains(await AuditAsync("user.created"), a => a.Actor == AdminUser && a.Details == "jtj.newcomer：承办单位经办人，单位 jtj" && a.SuggestionId == null);
    }

    [Fact]
    public async Task Create_UnitRoleWithoutUnit_Returns400WithChineseErrorAndCreatesNobody()
    {
        var response = await (await AdminAsync()).PostFormAsync("/Admin/Users/Create", NewUser("head.nounit", Roles.UnitHead));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await TextAsync(response);
        Assert.Matches("form-row has-error\">\\s*<label for=\"unitId\">", html);
        Assert.Contains("单位负责人必须选择所属承办单位。", html);
        Assert.Null(await FindAsync("head.nounit"));
    }

    [Fact]
    public async Task Create_DeputyWithoutDeputy_Returns400AndCreatesNobody()
    {
        var response = await (await AdminAsync()).PostFormAsync("/Admin/Users/Create", NewUser("deputy.nobody", Roles.Deputy));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("代表账号必须选择对应的代表。", await TextAsync(response));
        Assert.Null(await FindAsync("deputy.nobody"));
    }

    [Fact]
    public async Task Create_DuplicateUserName_IsRejectedAndTheOtherUserKept()
    {
        var response = await (await AdminAsync()).PostFormAsync("/Admin/Users/Create", NewUser("lgw", Roles.UnitHandler, unit: "gaj"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("用户名“lgw”已被使用。", await TextAsync(response));
        var lgw = await FindAsync("lgw");
        Assert.Null(lgw!.UnitId);
        Assert.Equal(new[] { Roles.Office }, await RolesOfAsync(lgw));
    }

    [Fact]
    public async Task Create_WeakPassword_ShowsIdentitysRulesInChinese()
    {
        var response = await (await AdminAsync()).PostFormAsync("/Admin/Users/Create", NewUser("weak.password", Roles.Office, password: "abc"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await TextAsync(response);
        Assert.Contains("密码至少 10 位。", html);
        Assert.Contains("密码须包含至少一个大写字母。", html);
        Assert.DoesNotContain("value=\"abc\"", html);
        Assert.Null(await FindAsync("weak.password"));
    }

    [Fact]
    public async Task ResetPassword_OldPasswordFailsAndNewOneWorks()
    {
        var id = await CreateAsync("reset.me", Roles.Office);

        var response = await (await AdminAsync()).PostFormAsync($"/Admin/Users/{id}?handler=Password",
            new Dictionary<string, string> { ["NewPassword"] = NewPassword }, tokenFrom: $"/Admin/Users/{id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync("reset.me", WebWorld.Password)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("reset.me", NewPassword)).Response.StatusCode);
        Assert.Contains(await AuditAsync("user.password-reset"), a => a.Details == "reset.me");
    }

    [Fact]
    public async Task Lock_SignInRefusedAndOpenSessionEnds_UnlockLetsBackIn()
    {
        var id = await CreateAsync("lock.me", Roles.Office);
        var (_, session) = await SignInAsync("lock.me", WebWorld.Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Meetings")).StatusCode);
        var admin = await AdminAsync();

        var locked = await admin.PostFormAsync($"/Admin/Users/{id}?handler=Lock", [], tokenFrom: $"/Admin/Users/{id}");

        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        var (refused, _) = await SignInAsync("lock.me", WebWorld.Password);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("账号已被系统管理员锁定", await TextAsync(refused));
        var open = await session.GetAsync("/Meetings");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.StartsWith("/Auth/Login", open.Headers.Location?.PathAndQuery, StringComparison.Ordinal);

        var unlocked = await admin.PostFormAsync($"/Admin/Users/{id}?handler=Unlock", [], tokenFrom: $"/Admin/Users/{id}");

        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("lock.me", WebWorld.Password)).Response.StatusCode);
    }

    [Fact]
    public async Task ChangeRole_OpenSessionEndsAndTheNextHasOnlyTheNewRights()
    {
        var id = await CreateAsync("office.to.unit", Roles.Office);
        var (_, session) = await SignInAsync("office.to.unit", WebWorld.Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Meetings")).StatusCode);

        var response = await (await AdminAsync()).PostFormAsync($"/Admin/Users/{id}", Account(Roles.UnitHandler, unit: "gaj"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stale = await session.GetAsync("/Meetings");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/Auth/Login", stale.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        var (_, fresh) = await SignInAsync("office.to.unit", WebWorld.Password);
        var meetings = await fresh.GetAsync("/Meetings");
        Assert.Equal(HttpStatusCode.Redirect, meetings.StatusCode);
        Assert.StartsWith("/Auth/AccessDenied", meetings.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/Inbox")).StatusCode);
        var user = await FindAsync("office.to.unit");
        Assert.Equal("gaj", user!.UnitId);
        Assert.Equal(new[] { Roles.UnitHandler }, await RolesOfAsync(user));
        Assert.Contains(await AuditAsync("user.updated"), a => a.Details == "office.to.unit：承办单位经办人，单位 gaj（原为 联工委）");
    }

    [Fact]
    public async Task ChangeRole_ToDeputy_ClearsTheUnitAndLinksTheDeputy()
    {
        var id = await CreateAsync("unit.to.deputy", Roles.UnitHandler, unit: "jtj");
        var fields = Account(Roles.Deputy, unit: "jtj");
        fields["Input.DeputyId"] = "2";

        var response = await (await AdminAsync()).PostFormAsync($"/Admin/Users/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var user = await FindAsync("unit.to.deputy");
        Assert.Null(user!.UnitId);
        Assert.Equal(2, user.DeputyId);
        var deputy = await _world.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Set<Deputy>().AsNoTracking().SingleAsync(d => d.Id == 2));
        Assert.Equal("unit.to.deputy", deputy.UserName);
    }

    [Fact]
    public async Task Admin_CannotLockSelf()
    {
        var self = (await FindAsync(AdminUser))!;
        var admin = await AdminAsync();

        var response = await admin.PostFormAsync($"/Admin/Users/{self.Id}?handler=Lock", [], tokenFrom: $"/Admin/Users/{self.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不能锁定自己的账号", await TextAsync(response));
        Assert.Null((await FindAsync(AdminUser))!.LockoutEnd);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Users")).StatusCode);
    }

    [Fact]
    public async Task Admin_CannotDropOwnAdminRole()
    {
        var self = (await FindAsync(AdminUser))!;
        var admin = await AdminAsync();

        var response = await admin.PostFormAsync($"/Admin/Users/{self.Id}", Account(Roles.Office, displayName: "不该保存"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不能取消自己的系统管理员角色", await TextAsync(response));
        var after = (await FindAsync(AdminUser))!;
        Assert.Equal(new[] { Roles.Admin }, await RolesOfAsync(after));
        Assert.NotEqual("不该保存", after.DisplayName);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Users")).StatusCode);
    }

    [Fact]
    public async Task List_SearchAndRoleFilter_ShowMatchingUsersWithDirectoryNames()
    {
        var admin = await AdminAsync();

        var byRole = await admin.GetStringAsync("/Admin/Users?role=" + Roles.Committee);
        var byName = await admin.GetStringAsync("/Admin/Users?q=ZHOU");

        Assert.Contains("data-user-name=\"cjw.member\"", byRole);
        Assert.Contains("专委会：城乡建设环境保护委员会", byRole);
        Assert.DoesNotContain("data-user-name=\"lgw\"", byRole);
        Assert.Contains("data-user-name=\"zhou\"", byName);
        Assert.Contains("领导：周副主任", byName);
        Assert.DoesNotContain("data-user-name=\"lgw\"", byName);
    }

    public static TheoryData<string> NonAdmins => new() { "lgw", "jtj.staff", "jtj.head", "deputy1", "cjw.member", "zhou" };

    [Theory]
    [MemberData(nameof(NonAdmins))]
    public async Task Pages_NonAdmin_AreDeniedOnGetAndPost(string userName)
    {
        var target = (await FindAsync("gaj.staff"))!;
        var client = await _world.ClientAsAsync(userName);
        var token = await client.TokenAsync("/Inbox");

        foreach (var url in new[] { "/Admin/Users", "/Admin/Users?q=a&role=office", "/Admin/Users/Create", $"/Admin/Users/{target.Id}" })
        {
            AssertDenied(await client.GetAsync(url), url);
        }
        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            ("/Admin/Users/Create", NewUser("intruder." + userName, Roles.Admin)),
            ($"/Admin/Users/{target.Id}", Account(Roles.Admin)),
            ($"/Admin/Users/{target.Id}?handler=Password", new() { ["NewPassword"] = NewPassword }),
            ($"/Admin/Users/{target.Id}?handler=Lock", []),
            ($"/Admin/Users/{target.Id}?handler=Unlock", []),
        };
        foreach (var (url, fields) in posts)
        {
            fields["__RequestVerificationToken"] = token;
            AssertDenied(await client.PostAsync(url, new FormUrlEncodedContent(fields)), "POST " + url);
        }

        Assert.Null(await FindAsync("intruder." + userName));
        var after = (await FindAsync("gaj.staff"))!;
        Assert.Equal(new[] { Roles.UnitHandler }, await RolesOfAsync(after));
        Assert.Null(after.LockoutEnd);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("gaj.staff", WebWorld.Password)).Response.StatusCode);
    }

    private static void AssertDenied(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {(int)response.StatusCode}");
        Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_Anonymous_GoToLogin()
    {
        var target = (await FindAsync("gaj.staff"))!;
        var client = _world.AnonymousClient();
        var token = await client.TokenAsync("/Auth/Login");

        foreach (var url in new[] { "/Admin/Users", "/Admin/Users/Create", $"/Admin/Users/{target.Id}" })
        {
            var get = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            Assert.StartsWith("/Auth/Login", get.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
            var post = await client.PostAsync(url + "?handler=Lock", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.StartsWith("/Auth/Login", post.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Null((await FindAsync("gaj.staff"))!.LockoutEnd);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRejected()
    {
        var admin = await AdminAsync();
        await admin.GetAsync("/Admin/Users/Create");

        var response = await admin.PostAsync("/Admin/Users/Create", new FormUrlEncodedContent(NewUser("csrf.victim", Roles.Admin)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await FindAsync("csrf.victim"));
    }
}
