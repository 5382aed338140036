using System.Net;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class DefinitionsTests
{
    [Fact]
    public async Task GetDefinitions_AfterDeploy_ListsKeyVersionNameAndDeployedAt()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");
        await client.DeployFixtureAsync("TimerThenTask.bpmn");

        var review = Assert.Single(await client.GetArrayAsync("/api/engine/definitions?key=review"))!;
        var all = await client.GetArrayAsync("/api/engine/definitions");

        Assert.Equal("review:1", (string?)review["id"]);
        Assert.Equal("审核流程", (string?)review["name"]);
        Assert.Equal(EngineApiHost.ClockStart, DateTimeOffset.Parse((string)review["deployedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["deadline", "review"], all.Select(d => (string)d!["key"]!).Order());
    }

    [Fact]
    public async Task GetDefinitionXml_Deployed_ReturnsTheFile_UnknownReturns404()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");

        var xml = await client.GetAsync("/api/engine/definitions/review:1/xml");
        var unknown = await client.GetAsync("/api/engine/definitions/review:9/xml");

        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/xml", xml.Content.Headers.ContentType?.MediaType);
        Assert.Equal(EngineApiClient.Fixture("OneUserTask.bpmn"), await xml.Content.ReadAsStringAsync());
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
