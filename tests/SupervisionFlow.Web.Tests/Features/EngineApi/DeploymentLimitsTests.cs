using System.Diagnostics;
using System.Net;
using System.Text;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

/// <summary>Hostile BPMN files through <c>POST /api/engine/deployments</c>: refused fast with problem+json, the host keeps serving.</summary>
public sealed class DeploymentLimitsTests
{
    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE definitions [
          <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
          <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
          <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
        ]>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <process id="laughs" name="&i;" isExecutable="true"><startEvent id="s" /></process>
        </definitions>
        """;

    [Fact]
    public async Task Deploy_BillionLaughs_Returns400DtdProhibitedQuickly()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        var clock = Stopwatch.StartNew();

        var response = await client.DeployXmlAsync(BillionLaughs);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("DTD_PROHIBITED", (string?)Assert.Single(problem["errors"]!.AsArray())!["code"]);
        Assert.Empty(await client.GetArrayAsync("/api/engine/definitions"));
    }

    [Fact]
    public async Task Deploy_MoreElementsThanConfigured_Returns400TooManyElementsAndTheHostStillServes()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:DeploymentMaxElements"] = "500" });
        var client = host.CreateApiClient();
        var tasks = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            tasks.Append($"<userTask id=\"t{i}\" />");
        }
        var xml = $"<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\" targetNamespace=\"t\"><process id=\"big\" isExecutable=\"true\"><startEvent id=\"s\" />{tasks}</process></definitions>";

        var response = await client.DeployXmlAsync(xml);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal("TOO_MANY_ELEMENTS", (string?)error["code"]);
        Assert.Contains("Engine:DeploymentMaxElements", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await client.DeployXmlAsync(EngineApiClient.Fixture("OneUserTask.bpmn"))).StatusCode);
    }

    [Fact]
    public async Task Deploy_LargerThanConfiguredBytes_Returns413Problem()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:DeploymentMaxBytes"] = "2000" });
        var client = host.CreateApiClient();
        var xml = EngineApiClient.Fixture("OneUserTask.bpmn") + "<!--" + new string('x', 3000) + "-->";

        var response = await client.DeployXmlAsync(xml);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 2000 bytes", (string?)problem["detail"], StringComparison.Ordinal);
    }
}
