using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class ClockAndTimersTests
{
    [Fact]
    public async Task Clock_Manual_StartsAtConfiguredTimeAndMovesOnlyWhenTold()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var initial = await (await client.GetAsync("/api/engine/clock")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        var advanced = await client.AdvanceClockAsync("P3D");
        var set = await (await client.PostAsJsonAsync("/api/engine/clock", new { now = "2027-01-01T00:00:00+08:00" })).ReadJsonAsync<JsonObject>(expectSuccess: true);

        Assert.Equal(EngineApiHost.ClockStart, DateTimeOffset.Parse((string)initial["now"]!, CultureInfo.InvariantCulture));
        Assert.Equal(EngineApiHost.ClockStart.AddDays(3), advanced);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)set["now"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Clock_AdvanceNotAnIsoDuration_Returns400AndKeepsTime()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var invalid = await client.PostAsJsonAsync("/api/engine/clock", new { advance = "3 days" });
        var both = await client.PostAsJsonAsync("/api/engine/clock", new { advance = "P1D", now = "2027-01-01T00:00:00Z" });

        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest);
        await both.AssertProblemAsync(HttpStatusCode.BadRequest);
        var now = await (await client.GetAsync("/api/engine/clock")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(EngineApiHost.ClockStart, DateTimeOffset.Parse((string)now["now"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Clock_SystemMode_IsNotMapped()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:Clock:Mode"] = "System" });
        var client = host.CreateApiClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/engine/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/engine/clock", new { advance = "P1D" })).StatusCode);
    }

    [Fact]
    public async Task ManualClock_InProductionEnvironment_RefusesToStart()
    {
        await using var host = new EngineApiHost(environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Manual", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Production", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerProcess_FireDue_FiresOnlyOnceTheManualClockReachesTheDeadline()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("TimerThenTask.bpmn");
        var id = await client.StartAsync("deadline", "JY-9");
        var timer = Assert.Single(await client.GetArrayAsync($"/api/engine/timers?processInstanceId={id}"))!;
        Assert.Equal("wait", (string?)timer["activityId"]);
        Assert.Equal(EngineApiHost.ClockStart.AddDays(3), DateTimeOffset.Parse((string)timer["dueAt"]!, CultureInfo.InvariantCulture));

        var firedNow = await client.FireDueAsync();
        await client.AdvanceClockAsync("P2DT23H");
        var firedEarly = await client.FireDueAsync();
        var stillWaiting = await client.GetInstanceAsync(id);
        await client.AdvanceClockAsync("PT1H");
        var firedAtDeadline = await client.FireDueAsync();

        Assert.Equal(0, firedNow);
        Assert.Equal(0, firedEarly);
        Assert.Equal(["wait"], stillWaiting["activeActivityIds"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(1, firedAtDeadline);
        Assert.Equal(["remind"], (await client.GetInstanceAsync(id))["activeActivityIds"]!.AsArray().Select(a => (string)a!));
        Assert.Empty(await client.GetArrayAsync($"/api/engine/timers?processInstanceId={id}"));
        Assert.Equal("催办", (string?)Assert.Single(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"))!["name"]);
    }
}
