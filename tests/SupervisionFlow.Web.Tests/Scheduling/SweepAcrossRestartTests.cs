using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Scheduling;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Scheduling;

/// <summary>
/// A deadline outlives its host: the timer row written by one host is fired by the Hangfire-run sweep of the next host
/// on the same database, with no test or API call firing timers.
/// </summary>
public sealed class SweepAcrossRestartTests
{
    [Fact]
    public async Task Timer_HostRestartedOnSameSqliteFile_FiredByHangfireSweepOfNewHost()
    {
        using var database = new TestDatabaseFile();
        await TimerFiresAcrossRestartAsync(new Dictionary<string, string?>(), database);
        // Hangfire kept its own file beside the application's.
        Assert.True(File.Exists(SchedulingStorage.SqliteFileBeside(database.Path)));
    }

    [PostgresFact]
    public async Task Timer_HostRestartedOnSamePostgresDatabase_FiredByHangfireSweepOfNewHost()
    {
        await using var database = await TestPostgres.CreateAsync();
        await TimerFiresAcrossRestartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:SupervisionFlow"] = database.ConnectionString,
        }, null);
    }

    private static async Task TimerFiresAcrossRestartAsync(Dictionary<string, string?> settings, TestDatabaseFile? database)
    {
        settings["Engine:Sweep:Enabled"] = "true";
        settings["Engine:Sweep:IntervalSeconds"] = "1";
        string id;
        await using (var first = new EngineApiHost(settings, database: database))
        {
            var client = first.CreateApiClient();
            await client.DeployFixtureAsync("TimerThenTask.bpmn");
            id = await client.StartAsync("deadline");
            // The first host's sweep runs (its log says so only when it fires) but the P3D timer is not due on its clock.
            await WaitForServerAsync(first);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(["wait"], await ActiveAsync(client, id));
        }

        // The next start of the system: its manual clock begins after the deadline.
        settings["Engine:Clock:Start"] = EngineApiHost.ClockStart.AddDays(4).ToString("O");
        await using var second = new EngineApiHost(settings, database: database);
        var again = second.CreateApiClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] active;
        do
        {
            await Task.Delay(200);
            active = await ActiveAsync(again, id);
        }
        while (active.Contains("wait") && DateTime.UtcNow < deadline);

        Assert.Equal(["remind"], active);
        // Fired by the sweep Hangfire runs (DueJobSweep logs each firing pass), not by a request. The pass logs after
        // its commit, so the instance can show the new state a moment before the line is written.
        static bool SweepFired(string line) => line.Contains(nameof(DueJobSweep), StringComparison.Ordinal) && line.Contains("Sweep fired 1", StringComparison.Ordinal);
        var logDeadline = DateTime.UtcNow.AddSeconds(10);
        while (!second.Logs.Lines.Any(SweepFired) && DateTime.UtcNow < logDeadline)
        {
            await Task.Delay(50);
        }
        Assert.Contains(second.Logs.Lines, SweepFired);
    }

    private static async Task<string[]> ActiveAsync(HttpClient client, string id) =>
        (await client.GetInstanceAsync(id))["activeActivityIds"]!.AsArray().Select(a => (string)a!).ToArray();

    /// <summary>The host's Hangfire server has announced itself in its storage.</summary>
    private static async Task WaitForServerAsync(EngineApiHost host)
    {
        var storage = host.Services.GetRequiredService<JobStorage>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (storage.GetMonitoringApi().Servers().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.NotEmpty(storage.GetMonitoringApi().Servers());
    }
}
