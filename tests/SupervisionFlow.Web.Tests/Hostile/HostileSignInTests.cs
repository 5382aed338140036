using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Hostile;

/// <summary>
/// Sign-in as an attacker would try it (issue #16): the answers must not tell which names exist, and one client
/// address can neither keep guessing nor lock the account it names. In the test server every client has the same
/// (unknown) address, which is what one attacker is.
/// </summary>
public sealed partial class HostileSignInTests
{
    [Fact]
    public async Task SignIn_UnknownNameWrongPasswordAndLockedAccount_AllGetTheSameAnswer()
    {
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?> { ["Auth:Lockout:MaxFailedAttempts"] = "2" });
        var client = world.AnonymousClient();
        await SignInAsync(client, "gaj.staff", "wrong-1");
        await SignInAsync(client, "gaj.staff", "wrong-2");

        var unknown = await SignInAsync(client, "no.such.user", "wrong-3");
        var wrong = await SignInAsync(client, "jtj.staff", "wrong-4");
        var locked = await SignInAsync(client, "gaj.staff", "wrong-5");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("用户名或密码不正确", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
        Assert.True(await IsLockedAsync(world, "gaj.staff"));
        // The owner, who knows the password, is told why: that tells an attacker nothing new.
        var owner = await SignInAsync(client, "gaj.staff", WebWorld.Password);
        Assert.Contains("账号已锁定", owner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_MoreFailuresFromOneAddressThanAllowed_Answers429WithoutCheckingAndTheAccountStaysUsable()
    {
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Throttle:MaxFailuresPerAddress"] = "3",
            ["Auth:Throttle:Window"] = "00:10:00",
        });
        var attacker = world.AnonymousClient();
        var clock = Stopwatch.StartNew();
        var answers = new List<(HttpStatusCode Status, string Message)>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await SignInAsync(attacker, "jtj.staff", "guess-" + i));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        Assert.All(answers.Skip(3), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.Equal("登录失败次数过多，请 10 分钟后再试。", answers[^1].Message);
        // Five wrong passwords would lock it; only three were ever checked.
        Assert.False(await IsLockedAsync(world, "jtj.staff"));
        var right = await SignInAsync(attacker, "jtj.staff", WebWorld.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/Auth/Login")).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string Message)> SignInAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = userName, ["password"] = password });
        var html = await response.Content.ReadAsStringAsync();
        var alert = AlertPattern().Match(html);
        return (response.StatusCode, alert.Success ? WebUtility.HtmlDecode(alert.Groups[1].Value) : "");
    }

    private static async Task<bool> IsLockedAsync(WebWorld world, string userName)
    {
        using var scope = world.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.IsLockedOutAsync((await users.FindByNameAsync(userName))!);
    }

    [GeneratedRegex("<div class=\"alert-error\" role=\"alert\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex AlertPattern();
}
