using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

/// <summary>Engine:VariableMaxBytes / VariableMaxDepth and Limits:MaxJsonDepth through start, complete and message: 400 problem+json naming the variable.</summary>
public sealed class VariableLimitsTests
{
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Engine:VariableMaxBytes"] = "1000",
        ["Engine:VariableMaxDepth"] = "4",
    };

    [Fact]
    public async Task Start_VariableLargerThanConfigured_Returns400NamingItAndStartsNothing()
    {
        await using var host = new EngineApiHost(SmallLimits);
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");

        var response = await client.PostAsJsonAsync("/api/engine/process-instances",
            new { definitionKey = "review", variables = new { note = new string('x', 2000) } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("SF-ENGINE-037", (string?)problem["code"]);
        Assert.NotNull(problem["errors"]!["note"]);
        Assert.Contains("Engine:VariableMaxBytes", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty(await client.GetArrayAsync("/api/engine/process-instances"));
    }

    [Fact]
    public async Task Complete_VariableNestedDeeperThanConfigured_Returns400AndLeavesTheTaskOpen()
    {
        await using var host = new EngineApiHost(SmallLimits);
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");
        var instanceId = await client.StartAsync("review");
        var taskId = (string)Assert.Single(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={instanceId}"))!["id"]!;
        var nested = JsonNode.Parse("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}");

        var response = await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new JsonObject { ["variables"] = new JsonObject { ["tree"] = nested } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("SF-ENGINE-038", (string?)problem["code"]);
        Assert.Single(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={instanceId}"));
    }

    [Fact]
    public async Task Message_VariableLargerThanConfigured_Returns400AndTheInstanceKeepsWaiting()
    {
        await using var host = new EngineApiHost(SmallLimits);
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("MessageCatch.bpmn");
        var instanceId = await client.StartAsync("awaitReply", "JY-7");

        var response = await client.PostAsJsonAsync("/api/engine/messages",
            new { messageName = "reply-received", businessKey = "JY-7", variables = new { replyText = new string('办', 400) } });

        Assert.Equal("SF-ENGINE-037", (string?)(await response.AssertProblemAsync(HttpStatusCode.BadRequest))["code"]);
        Assert.Equal(["waitReply"], (await client.GetInstanceAsync(instanceId))["activeActivityIds"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task Body_JsonNestedDeeperThanMaxJsonDepth_Returns400Problem()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Limits:MaxJsonDepth"] = "8" });
        var client = host.CreateApiClient();
        var deep = new StringBuilder("{\"definitionKey\":\"review\",\"variables\":{\"v\":");
        deep.Append(new string('[', 20)).Append(new string(']', 20)).Append("}}");

        var response = await client.PostAsync("/api/engine/process-instances", new StringContent(deep.ToString(), Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("depth", (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
        Assert.Null(problem["code"]); // refused while binding, before the engine's own depth check (SF-ENGINE-038)
    }
}
