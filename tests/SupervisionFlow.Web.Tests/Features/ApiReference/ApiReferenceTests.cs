using System.Net;
using System.Text.RegularExpressions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.ApiReference;

/// <summary>The browsable API reference (Scalar) at <c>/api/reference/</c>: who may open it, and that it needs nothing from the internet.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ApiReferenceTests(WebWorldFixture world)
{
    private const string Page = "/api/reference/";

    private readonly WebWorld _world = world.Value;

    [Fact]
    public async Task Admin_Gets200WithThePage_ItsScriptsServedFromThisHost()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var response = await client.GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>SupervisionFlow API 参考</title>", html, StringComparison.Ordinal);
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["scalar.js", "scalar.aspnetcore.js"], sources);
        // No CDN, no web fonts, no telemetry: not one absolute address in the page.
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        foreach (var source in sources)
        {
            var script = await client.GetAsync(Page + source);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }
        // The standalone bundle itself (megabytes), from the package rather than a pointer to a CDN.
        Assert.True((await client.GetByteArrayAsync(Page + "scalar.js")).Length > 1_000_000);
    }

    [Fact]
    public async Task Page_InlineStartScript_CarriesThisResponsesCspNonce_OtherPagesAllowNone()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var first = await client.GetAsync(Page);
        var second = await client.GetAsync(Page);
        var login = await _world.AnonymousClient().GetAsync("/Auth/Login");

        var nonce = Nonce(first);
        Assert.NotEqual(nonce, Nonce(second));
        var html = await first.Content.ReadAsStringAsync();
        var tags = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(3, tags.Count);
        Assert.All(tags, tag => Assert.Contains($"nonce=\"{nonce}\"", tag, StringComparison.Ordinal));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, login.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task ApiKey_Gets200WithThePage()
    {
        var client = _world.AnonymousClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, EngineApiHost.ApiKey);

        var response = await client.GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalar.aspnetcore.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherRoles_Get403_VisitorsAndWrongKeys401()
    {
        var refused = new List<string>();
        foreach (var (user, (role, _, _, _, _)) in WebWorld.Users.Where(u => u.Value.Role != Roles.Admin))
        {
            var response = await (await _world.ClientAsAsync(user)).GetAsync(Page);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                refused.Add($"{user} ({role}): {(int)response.StatusCode}");
            }
        }
        var wrongKey = _world.AnonymousClient();
        wrongKey.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "not-a-key");

        Assert.Empty(refused);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _world.AnonymousClient().GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _world.AnonymousClient().GetAsync("/api/reference")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync(Page)).StatusCode);
    }

    private static string Nonce(HttpResponseMessage response)
    {
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith(SecurityHeaders.ContentSecurityPolicy.Split("script-src 'self'")[0], policy, StringComparison.Ordinal);
        return NonceInPolicy().Match(policy) is { Success: true } match ? match.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no script nonce in {policy}");
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("script-src 'self' 'nonce-([0-9A-F]{32})';")]
    private static partial Regex NonceInPolicy();
}
