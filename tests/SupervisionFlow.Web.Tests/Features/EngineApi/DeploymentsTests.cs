using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class DeploymentsTests
{
    [Fact]
    public async Task Deploy_NewFile_Returns201WithDefinitions()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var response = await client.DeployXmlAsync(EngineApiClient.Fixture("OneUserTask.bpmn"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var definition = Assert.Single((await response.ReadJsonAsync<JsonObject>())["definitions"]!.AsArray())!;
        Assert.Equal("review:1", (string?)definition["id"]);
        Assert.Equal("review", (string?)definition["key"]);
        Assert.Equal(1, (int)definition["version"]!);
        Assert.Equal("审核流程", (string?)definition["name"]);
    }

    [Fact]
    public async Task Deploy_UnchangedThenChangedFile_Returns200SameVersionThen201NextVersion()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");

        var unchanged = await client.DeployXmlAsync(EngineApiClient.Fixture("OneUserTask.bpmn"));
        var changed = await client.DeployXmlAsync(EngineApiClient.Fixture("OneUserTaskRenamed.bpmn"));

        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal(1, (int)(await unchanged.ReadJsonAsync<JsonObject>())["definitions"]![0]!["version"]!);
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal(2, (int)(await changed.ReadJsonAsync<JsonObject>())["definitions"]![0]!["version"]!);
        var versions = await client.GetArrayAsync("/api/engine/definitions?key=review");
        Assert.Equal([1, 2], versions.Select(d => (int)d!["version"]!).Order());
    }

    [Fact]
    public async Task Deploy_UnknownElementAndMissingTarget_Returns400ListingBothAndDeploysNothing()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var response = await client.DeployXmlAsync(EngineApiClient.Fixture("UnknownElementAndMissingTarget.bpmn"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var unknown = Assert.Single(errors, e => (string?)e["elementId"] == "complex");
        Assert.Equal("UNSUPPORTED_ELEMENT", (string?)unknown["code"]);
        Assert.Equal(6, (int)unknown["line"]!);
        var missing = Assert.Single(errors, e => (string?)e["elementId"] == "f1");
        Assert.Equal("FLOW_TARGET_MISSING", (string?)missing["code"]);
        Assert.Equal(5, (int)missing["line"]!);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace((string?)e["message"])));
        Assert.Empty(await client.GetArrayAsync("/api/engine/definitions"));
    }

    [Fact]
    public async Task Deploy_MalformedXml_Returns400WithXmlError()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var response = await client.DeployXmlAsync("<definitions><process id=\"p\"></definitions>");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("XML_INVALID", (string?)problem["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Deploy_ServiceTaskNamingNoHandler_Returns400HandlerUnknown()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var response = await client.DeployXmlAsync(EngineApiClient.Fixture("ServiceTaskThenTask.bpmn"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var error = Assert.Single(problem["errors"]!.AsArray(), e => (string?)e!["code"] == "HANDLER_UNKNOWN")!;
        Assert.Equal("svc", (string?)error["elementId"]);
        Assert.Equal(6, (int)error["line"]!);
    }

    [Fact]
    public async Task Deploy_JsonBody_Returns415()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var response = await client.PostAsync("/api/engine/deployments", new StringContent("{}", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Deploy_TextXmlContentType_IsAccepted()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var response = await client.PostAsync("/api/engine/deployments",
            new StringContent(EngineApiClient.Fixture("OneUserTask.bpmn"), Encoding.UTF8, "text/xml"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
