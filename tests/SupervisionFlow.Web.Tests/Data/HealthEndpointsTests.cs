using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Data;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Readyz_DatabaseAnswers_Is200Healthy()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateClient();

        var ready = await client.GetAsync("/readyz");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Readyz_DatabaseGone_Is503WhileHealthzStays200()
    {
        // The database file's folder disappears under a running node (a lost volume): readiness fails at once and
        // says so; liveness, which checks no database, keeps answering so the node is not restarted for it.
        var folder = Directory.CreateTempSubdirectory("supervisionflow-health-");
        await using var host = new EngineApiHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:SupervisionFlow"] = $"Data Source={Path.Combine(folder.FullName, "gone.db")}",
        });
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);

        var clock = Stopwatch.StartNew();
        var ready = await client.GetAsync("/readyz");
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"readiness took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task DatabaseCheck_Timeout_IsTheConfiguredReadinessTimeout()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Database:ReadinessTimeout"] = "00:00:02" });

        var options = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(options.Registrations, r => r.Name == "database").Timeout);
    }
}
