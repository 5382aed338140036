using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Admin.Migrations;

/// <summary><c>POST /api/engine/migrations</c>: validate proposes, dry run counts, execute migrates; a refused mapping is problem+json with its code and changes nothing.</summary>
public sealed class MigrationEndpointTests
{
    private static string Version(string name) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://supervisionflow.test">
          <process id="apiMig" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="step" />
            <userTask id="step" name="{name}" />
            <sequenceFlow id="f2" sourceRef="step" targetRef="end" />
            <endEvent id="end" />
          </process>
        </definitions>
        """;

    [Fact]
    public async Task Migrations_ValidateDryRunRefuseExecute()
    {
        await using var host = new EngineApiHost();
        using var client = host.CreateApiClient();
        await client.DeployXmlAsync(Version("第一版"));
        var first = await client.StartAsync("apiMig", "a");
        await client.StartAsync("apiMig", "b");
        await client.DeployXmlAsync(Version("第二版"));

        var validate = await (await client.PostAsJsonAsync("/api/engine/migrations", new { mode = "validate", sourceDefinitionId = "apiMig:1", targetDefinitionId = "apiMig:2" }))
            .ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal("step", (string)validate["plan"]!["activityMapping"]!["step"]!);

        var dryRun = await (await client.PostAsJsonAsync("/api/engine/migrations", new { mode = "dryRun", sourceDefinitionId = "apiMig:1", targetDefinitionId = "apiMig:2" }))
            .ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(2, (int)dryRun["dryRun"]!["migratable"]!);

        var refused = await client.PostAsJsonAsync("/api/engine/migrations",
            new { mode = "execute", sourceDefinitionId = "apiMig:1", targetDefinitionId = "apiMig:2", activityMapping = new Dictionary<string, string> { ["step"] = "nowhere" } });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(OperationErrorCodes.MigrationPlanInvalid, (string)problem["code"]!);
        Assert.Equal(1, (int)(await client.GetInstanceAsync(first))["version"]!);

        var executed = await (await client.PostAsJsonAsync("/api/engine/migrations", new { mode = "execute", sourceDefinitionId = "apiMig:1", targetDefinitionId = "apiMig:2" }))
            .ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(2, executed["result"]!["migrated"]!.AsArray().Count);
        Assert.Equal(2, (int)(await client.GetInstanceAsync(first))["version"]!);
        var task = (await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={first}")).Single()!;
        Assert.Equal("第二版", (string)task["name"]!);
    }
}
