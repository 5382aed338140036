using System.Net;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class IncidentsTests
{
    [Fact]
    public async Task ServiceTask_FailingUntilRetriesRunOut_ShowsIncident_RetryThroughApiMovesOn()
    {
        var failuresLeft = 2;
        var runs = 0;
        await using var host = new EngineApiHost(
            new Dictionary<string, string?> { ["Engine:ServiceTaskRetries"] = "2", ["Engine:RetryBackoff"] = "00:00:10" },
            services => services.ConfigureEngine((_, handlers, _) => handlers.Register("notify", (_, _) =>
            {
                Interlocked.Increment(ref runs);
                return Interlocked.Decrement(ref failuresLeft) >= 0
                    ? throw new InvalidOperationException("SMTP server unreachable")
                    : Task.CompletedTask;
            })));
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("ServiceTaskThenTask.bpmn");
        var id = await client.StartAsync("notifyThenReview", "JY-3");
        Assert.Empty(await client.GetArrayAsync("/api/engine/incidents"));

        await client.AdvanceClockAsync("PT10S");
        await client.FireDueAsync();

        Assert.Equal(2, runs);
        var incident = Assert.Single(await client.GetArrayAsync("/api/engine/incidents"))!;
        Assert.Equal(id, (string?)incident["processInstanceId"]);
        Assert.Equal("svc", (string?)incident["activityId"]);
        Assert.Contains("SMTP server unreachable", (string?)incident["message"], StringComparison.Ordinal);
        var waiting = await client.GetInstanceAsync(id);
        Assert.Equal("active", (string?)waiting["state"]);
        Assert.Equal(["svc"], waiting["activeActivityIds"]!.AsArray().Select(a => (string)a!));
        Assert.Equal((string?)incident["id"], (string?)Assert.Single(waiting["incidents"]!.AsArray())!["id"]);

        var retry = await client.PostAsync($"/api/engine/incidents/{incident["id"]}/retry", null);

        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal(3, runs);
        Assert.Empty(await client.GetArrayAsync("/api/engine/incidents"));
        var moved = await client.GetInstanceAsync(id);
        Assert.Equal(["audit"], moved["activeActivityIds"]!.AsArray().Select(a => (string)a!));
        Assert.Empty(moved["incidents"]!.AsArray());
    }

    [Fact]
    public async Task RetryIncident_UnknownId_Returns404()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateApiClient().PostAsync("/api/engine/incidents/unknown/retry", null);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
