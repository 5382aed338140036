using System.Net;
using System.Text;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Shared;

/// <summary>Limits:MaxRequestBodyBytes bounds every request: 413 problem+json on the API, a Chinese page on the UI.</summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private WebWorld _world = null!;

    public async Task InitializeAsync() =>
        _world = await WebWorld.StartAsync(new Dictionary<string, string?> { ["Limits:MaxRequestBodyBytes"] = "51200" });

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Api_BodyOverTheLimit_Returns413Problem()
    {
        var client = await _world.ClientAsAsync("lgw");
        var json = $"{{\"title\":\"{new string('长', 40_000)}\"}}";

        var response = await client.PostAsync("/api/suggestions", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 51200 bytes", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_FormOverTheLimit_Returns413WithAChineseMessage()
    {
        var client = _world.AnonymousClient();
        var fields = new Dictionary<string, string> { ["userName"] = new string('x', 60_000), ["password"] = "x" };

        var response = await client.PostAsync("/Auth/Login", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("提交的内容过大（上限 50 KB）", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_BodyUnderTheLimit_IsServed()
    {
        var client = await _world.ClientAsAsync("lgw");

        var response = await client.PostAsync("/api/suggestions", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
