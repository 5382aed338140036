using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Scheduling;

public sealed class DueJobSweepTests
{
    [Fact]
    public async Task Sweep_Enabled_FiresTimerDueAtManualClockWithoutAnApiCall()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?>
        {
            ["Engine:Sweep:Enabled"] = "true",
            ["Engine:Sweep:IntervalSeconds"] = "1",
        });
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("TimerThenTask.bpmn");
        var id = await client.StartAsync("deadline");

        // Not due on the manual clock: several sweeps pass and the timer stays.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(["wait"], (await client.GetInstanceAsync(id))["activeActivityIds"]!.AsArray().Select(a => (string)a!));

        await client.AdvanceClockAsync("P3D");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] active;
        do
        {
            await Task.Delay(200);
            active = (await client.GetInstanceAsync(id))["activeActivityIds"]!.AsArray().Select(a => (string)a!).ToArray();
        }
        while (active.Contains("wait") && DateTime.UtcNow < deadline);

        Assert.Equal(["remind"], active);
    }
}
