using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Data;

/// <summary>Two nodes over one database behind a balancer: a user signed in on one is signed in on the other.</summary>
public sealed class SharedDataProtectionTests
{
    private const string UserName = "lgw";

    [Fact]
    public async Task SignInCookie_IssuedByOneHost_IsAcceptedByAnotherOnTheSameDatabase()
    {
        using var database = new TestDatabaseFile();
        await using var nodeA = new EngineApiHost(database: database);
        await using var nodeB = new EngineApiHost(database: database);
        await CreateOfficeUserAsync(nodeA);
        var cookies = new System.Net.CookieContainer();

        var signIn = await nodeA.CreateDefaultClient(new CookieContainerHandler(cookies))
            .PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = UserName, ["password"] = WebWorld.Password });
        var onB = await nodeB.CreateDefaultClient(new CookieContainerHandler(cookies)).GetAsync("/Inbox");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        await using var scope = nodeB.Services.CreateAsyncScope();
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task SignInCookie_HostOnAnotherDatabase_SendsToLogin()
    {
        // The control: the hosts of one test process share a machine, so a key ring kept on the file system would
        // pass the test above too. A host on another database has another key ring and must refuse the cookie.
        using var database = new TestDatabaseFile();
        await using var nodeA = new EngineApiHost(database: database);
        await using var stranger = new EngineApiHost();
        await CreateOfficeUserAsync(nodeA);
        await CreateOfficeUserAsync(stranger);
        var cookies = new System.Net.CookieContainer();
        await nodeA.CreateDefaultClient(new CookieContainerHandler(cookies))
            .PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = UserName, ["password"] = WebWorld.Password });

        var elsewhere = await stranger.CreateDefaultClient(new CookieContainerHandler(cookies)).GetAsync("/Inbox");

        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.StartsWith("/Auth/Login", elsewhere.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private static async Task CreateOfficeUserAsync(EngineApiHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = UserName, DisplayName = "联工委（测试）" };
        Assert.True((await users.CreateAsync(user, WebWorld.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Office)).Succeeded);
    }
}
