using System.Net;
using System.Text.RegularExpressions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Scheduling;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Scheduling;

/// <summary>The Hangfire Dashboard at /Admin/Hangfire: administrators only, and it renders under the site's CSP.</summary>
[Collection(WebCollection.Name)]
public sealed partial class HangfireDashboardTests(WebWorldFixture world)
{
    private static string UserOf(string role) => WebWorld.Users.First(u => u.Value.Role == role).Key;

    [Fact]
    public async Task Dashboard_Admin_RendersWithScriptsAndStylesServedFromThisOrigin()
    {
        var client = await world.Value.ClientAsAsync(UserOf(Roles.Admin));

        var response = await client.GetAsync(SchedulingExtensions.DashboardPath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("后台任务（Hangfire）", html, StringComparison.Ordinal);
        // The site's CSP stays as it is on this path too ...
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        // ... and the dashboard needs nothing it forbids: no inline script, every script and stylesheet from here.
        Assert.DoesNotMatch(InlineScript(), html);
        var assets = Asset().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith($"{SchedulingExtensions.DashboardPath}/js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith($"{SchedulingExtensions.DashboardPath}/css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var served = await client.GetAsync(asset);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)served.StatusCode}");
        }
        // The servers page lists this host's server (its loops run beside the workers).
        var servers = await client.GetStringAsync($"{SchedulingExtensions.DashboardPath}/servers");
        Assert.Contains(Environment.MachineName.ToLowerInvariant(), servers.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Office)]
    [InlineData(Roles.UnitHandler)]
    [InlineData(Roles.UnitHead)]
    [InlineData(Roles.Committee)]
    [InlineData(Roles.Leader)]
    [InlineData(Roles.Deputy)]
    public async Task Dashboard_OtherRoles_AreSentToTheAccessDeniedPage(string role)
    {
        var client = await world.Value.ClientAsAsync(UserOf(role));

        var response = await client.GetAsync(SchedulingExtensions.DashboardPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(AuthSetup.AccessDeniedPath, response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        // Not even Hangfire's JSON stats behind it.
        var stats = await client.PostAsync($"{SchedulingExtensions.DashboardPath}/stats", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, stats.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Visitor_IsSentToSignIn()
    {
        var response = await world.Value.AnonymousClient().GetAsync(SchedulingExtensions.DashboardPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(AuthSetup.LoginPath, response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<(?:script|link)[^>]+(?:src|href)=""(?<url>/[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Asset();
}
