using System.Globalization;
using System.Net.Http.Json;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.EngineHost;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_NewHostOnSameDatabase_FindsTaskAndTimerIntactAndFinishesTheProcess()
    {
        using var database = new TestDatabaseFile();
        string instanceId;
        string taskId;
        await using (var first = new EngineApiHost(database: database))
        {
            var client = first.CreateApiClient();
            await client.DeployFixtureAsync("TaskAndTimerInParallel.bpmn");
            instanceId = await client.StartAsync("taskAndTimer", "JY-42");
            taskId = (string)Assert.Single(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={instanceId}"))!["id"]!;
            Assert.Single(await client.GetArrayAsync($"/api/engine/timers?processInstanceId={instanceId}"));
        }

        await using var second = new EngineApiHost(database: database);
        var restarted = second.CreateApiClient();

        var instance = await restarted.GetInstanceAsync(instanceId);
        Assert.Equal("active", (string?)instance["state"]);
        Assert.Equal(["audit", "wait"], instance["activeActivityIds"]!.AsArray().Select(a => (string)a!).Order());
        var task = Assert.Single(await restarted.GetArrayAsync("/api/engine/tasks?candidateGroup=lgw"))!;
        Assert.Equal(taskId, (string?)task["id"]);
        Assert.Equal("JY-42", (string?)task["businessKey"]);
        var timer = Assert.Single(await restarted.GetArrayAsync($"/api/engine/timers?processInstanceId={instanceId}"))!;
        Assert.Equal(EngineApiHost.ClockStart.AddDays(3), DateTimeOffset.Parse((string)timer["dueAt"]!, CultureInfo.InvariantCulture));

        var completed = await restarted.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = "wang.wu" });
        completed.EnsureSuccessStatusCode();
        Assert.Equal(0, await restarted.FireDueAsync());
        await restarted.AdvanceClockAsync("P3D");
        Assert.Equal(1, await restarted.FireDueAsync());

        Assert.Equal("completed", (string?)(await restarted.GetInstanceAsync(instanceId))["state"]);
    }
}
