using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Auth;

[Collection(WebCollection.Name)]
public sealed class AuthTests
{
    private readonly WebWorld _world;

    public AuthTests(WebWorldFixture world) => _world = world.Value;

    [Fact]
    public async Task SignIn_RightPassword_RedirectsHomeAndShowsTheUser()
    {
        var client = await _world.ClientAsAsync("lgw");

        var home = await client.GetStringAsync("/");

        Assert.Contains("lgw（测试）", home);
        Assert.Contains("联工委", home);
        Assert.Contains("action=\"/Auth/Logout\"", home);
    }

    [Fact]
    public async Task SignIn_ReturnUrl_GoesBackToTheLocalPageOnly()
    {
        var client = _world.AnonymousClient();

        var local = await client.PostFormAsync("/Auth/Login?returnUrl=%2FInbox",
            new Dictionary<string, string> { ["userName"] = "lgw", ["password"] = WebWorld.Password, ["returnUrl"] = "/Inbox" });
        var other = _world.AnonymousClient();
        var foreign = await other.PostFormAsync("/Auth/Login",
            new Dictionary<string, string> { ["userName"] = "lgw", ["password"] = WebWorld.Password, ["returnUrl"] = "https://evil.example/" });

        Assert.Equal("/Inbox", local.Headers.Location?.OriginalString);
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsChineseErrorAndNoCookie()
    {
        var client = _world.AnonymousClient();

        var response = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "deputy3", ["password"] = "wrong-password" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Inbox")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        using (var scope = _world.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "locked.user", DisplayName = "锁定测试" };
            Assert.True((await users.CreateAsync(user, WebWorld.Password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Office);
        }
        var client = _world.AnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "locked.user", ["password"] = "wrong-" + i });
        }

        var response = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "locked.user", ["password"] = WebWorld.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("账号已锁定，请 15 分钟后再试", await response.Content.ReadAsStringAsync());
        using var check = _world.Services.CreateScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var locked = await manager.FindByNameAsync("locked.user");
        Assert.True(await manager.IsLockedOutAsync(locked!));
    }

    [Fact]
    public async Task SignIn_ConfiguredLockout_LocksAfterThatManyWrongPasswordsForThatLong()
    {
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Lockout:MaxFailedAttempts"] = "3",
            ["Auth:Lockout:Duration"] = "01:00:00",
        });
        var client = world.AnonymousClient();
        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "jtj.staff", ["password"] = "wrong-" + i });
            answers.Add(await wrong.Content.ReadAsStringAsync());
        }

        var right = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "jtj.staff", ["password"] = WebWorld.Password });

        // The third wrong password locks the account but gets the same answer as the first two (no enumeration).
        Assert.All(answers, a => Assert.Contains("用户名或密码不正确（同一账号连续输错 3 次将锁定 60 分钟）", a, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("密码连续输错 3 次，账号已锁定，请 60 分钟后再试", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var scope = world.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("jtj.staff");
        Assert.InRange(user!.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task SignOut_Post_EndsTheSession()
    {
        var client = await _world.ClientAsAsync("jtj.staff");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Inbox")).StatusCode);

        var response = await client.PostFormAsync("/Auth/Logout", [], tokenFrom: "/Inbox");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetAsync("/Inbox");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Auth/Login", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRejected()
    {
        var client = _world.AnonymousClient();
        await client.GetAsync("/Auth/Login");

        var response = await client.PostAsync("/Auth/Login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "lgw", ["password"] = WebWorld.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Inbox")).StatusCode);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_KeepsTheSession()
    {
        var client = await _world.ClientAsAsync("lgw");

        var response = await client.PostAsync("/Auth/Logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Inbox")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_ProtectedPage_RedirectsToLogin()
    {
        var client = _world.AnonymousClient();

        var response = await client.GetAsync("/Inbox");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Auth/Login?ReturnUrl=%2FInbox", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task Anonymous_HomeAndLogin_AreOpen()
    {
        var client = _world.AnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Auth/Login")).StatusCode);
    }

    [Fact]
    public async Task EveryPage_CarriesSecurityHeaders()
    {
        var client = _world.AnonymousClient();

        var response = await client.GetAsync("/");

        Assert.Equal("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
            string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.True(response.Headers.Contains("Referrer-Policy"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("http://cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SiteCss_IsServed()
    {
        var response = await _world.AnonymousClient().GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(".badge-overdue", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPage_ShowsChinese404()
    {
        var response = await (await _world.ClientAsAsync("lgw")).GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EngineApi_StillAcceptsTheApiKeyAndRefusesCookies()
    {
        var api = _world.Host.CreateApiClient();
        var cookie = await _world.ClientAsAsync("sysadmin");

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/engine/definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/engine/definitions")).StatusCode);
    }

    [Theory]
    [InlineData("sysadmin", "admin,office")]
    [InlineData("lgw", "office")]
    [InlineData("jtj.staff", "unit:jtj")]
    [InlineData("jtj.head", "unit:jtj,unitHead:jtj")]
    [InlineData("deputy1", "deputy:1")]
    [InlineData("cjw.member", "committee:cjw")]
    [InlineData("zhou", "leader:zhou,leaders")]
    public async Task CurrentActor_GroupsFromTheSignInCookie(string userName, string groups)
    {
        var client = await _world.ClientAsAsync(userName);

        // The inbox page prints the actor's groups in a data attribute (no database read per request).
        var html = await client.GetStringAsync("/Inbox");

        var match = Regex.Match(html, "data-groups=\"([^\"]*)\"");
        Assert.True(match.Success, "the inbox names the actor's groups");
        Assert.Equal(groups, match.Groups[1].Value);
    }
}

/// <summary>Demo accounts are created with random passwords logged once, never a fixed default.</summary>
public sealed class DemoUsersTests
{
    [Fact]
    public async Task DemoData_Enabled_CreatesAccountsWithRandomPasswordsPrintedOnce()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["DemoData:Deputies"] = "5", ["DemoData:Suggestions"] = "1" });
        _ = host.Services;

        var lines = host.Logs.Lines.Where(l => l.Contains("演示账号", StringComparison.Ordinal)).ToList();
        var admin = lines.Single(l => l.Contains("演示账号 admin（", StringComparison.Ordinal));
        var password = Regex.Match(admin, "密码：(\\S+)").Groups[1].Value;
        Assert.Equal(14, password.Length);
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "admin", ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(lines, l => l.Contains("演示账号 lgw（联工委", StringComparison.Ordinal));
        Assert.NotEqual(password, DemoUsers.RandomPassword());
    }

    [Fact]
    public async Task DemoUsersPassword_Configured_IsUsedOutsideProduction()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["DemoData:Deputies"] = "5", ["DemoData:Suggestions"] = "1", ["DemoUsers:Password"] = WebWorld.Password });
        _ = host.Services;
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "lgw", ["password"] = WebWorld.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(WebWorld.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoAdministrator_DemoOff_CreatesAdminWithALoggedRandomPassword()
    {
        await using var host = new EngineApiHost();
        _ = host.Services;

        var line = Assert.Single(host.Logs.Lines, l => l.Contains("管理员账号", StringComparison.Ordinal));
        Assert.Contains("初始管理员账号 admin（系统管理员", line);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("演示账号", StringComparison.Ordinal));
    }

    [Fact]
    public void GroupsFor_UnitUserWithoutUnit_GetsNoUnitGroup()
    {
        var groups = ActorClaims.GroupsFor(new AppUser { UserName = "x" }, [Roles.UnitHandler]);

        Assert.Empty(groups);
    }
}
