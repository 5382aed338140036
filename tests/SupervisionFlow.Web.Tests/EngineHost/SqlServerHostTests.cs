using System.Net.Http.Json;
using Microsoft.Data.SqlClient;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.EngineHost;

/// <summary>The PostgreSQL host test on SQL Server: runs only where <c>SF_TEST_SQLSERVER</c> names a server.</summary>
public sealed class SqlServerHostTests
{
    [SqlServerFact]
    public async Task Host_DatabaseProviderSqlServer_MigratesAndRunsAProcess()
    {
        await using var database = await TestSqlServer.CreateAsync();
        await using var host = new EngineApiHost(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:SupervisionFlow"] = database.ConnectionString,
        });
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("TaskAndTimerInParallel.bpmn");
        var id = await client.StartAsync("taskAndTimer", "JY-MS-1");
        var taskId = (string)Assert.Single(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"))!["id"]!;

        (await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = "zhao.liu" })).EnsureSuccessStatusCode();
        await client.AdvanceClockAsync("P3D");
        Assert.Equal(1, await client.FireDueAsync());

        Assert.Equal("completed", (string?)(await client.GetInstanceAsync(id))["state"]);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await using var connection = new SqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new SqlCommand("SELECT count(*) FROM engine_instances WHERE BusinessKey = 'JY-MS-1'", connection);
        Assert.Equal(1, (int)(await count.ExecuteScalarAsync())!);
    }
}
