using System.Net;
using System.Net.Http.Json;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task Request_WithoutKey_Returns401ProblemAndDoesNothing()
    {
        await using var host = new EngineApiHost();
        var anonymous = host.CreateClient();

        var response = await anonymous.DeployXmlAsync(EngineApiClient.Fixture("OneUserTask.bpmn"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty(await host.CreateApiClient().GetArrayAsync("/api/engine/definitions"));
    }

    [Fact]
    public async Task Request_WithWrongKey_Returns401()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", EngineApiHost.ApiKey + "x");

        var response = await client.GetAsync("/api/engine/definitions");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_WithoutKey_Returns401BeforeReadingMalformedBody()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateClient().PostAsync(
            "/api/engine/process-instances", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_WithSecondConfiguredKey_IsAccepted()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:Api:Keys:1"] = "second-key" });
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "second-key");

        var response = await client.GetAsync("/api/engine/definitions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithNoKeyConfigured_IsNotMapped()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:Api:Keys:0"] = null });
        var client = host.CreateApiClient();

        var list = await client.GetAsync("/api/engine/definitions");
        var start = await client.PostAsJsonAsync("/api/engine/process-instances", new { definitionKey = "review" });

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
    }
}
