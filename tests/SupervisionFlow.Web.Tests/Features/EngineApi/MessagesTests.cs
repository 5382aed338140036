using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class MessagesTests
{
    [Fact]
    public async Task Message_InstanceWaiting_Returns200Correlated1AndMovesIt_ThenNothingWaits404()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("MessageCatch.bpmn");
        var waiting = await client.StartAsync("awaitReply", "JY-7");
        var other = await client.StartAsync("awaitReply", "JY-8");

        var delivered = await client.PostAsJsonAsync("/api/engine/messages",
            new { messageName = "reply-received", businessKey = "JY-7", variables = new { replyText = "已办理" } });
        var again = await client.PostAsJsonAsync("/api/engine/messages", new { messageName = "reply-received", businessKey = "JY-7" });

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(1, (int)(await delivered.ReadJsonAsync<JsonObject>())["correlated"]!);
        var instance = await client.GetInstanceAsync(waiting);
        Assert.Equal("completed", (string?)instance["state"]);
        Assert.Equal("已办理", (string?)instance["variables"]!["replyText"]);
        Assert.Equal("active", (string?)(await client.GetInstanceAsync(other))["state"]);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Message_WithoutName_Returns400()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateApiClient().PostAsJsonAsync("/api/engine/messages", new { businessKey = "JY-7" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["messageName"]);
    }
}
