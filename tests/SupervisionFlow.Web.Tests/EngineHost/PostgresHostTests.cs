using System.Net.Http.Json;
using Npgsql;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.EngineHost;

/// <summary>Tests that set process environment variables; they run alone so no other host reads them.</summary>
[CollectionDefinition(nameof(EnvironmentVariablesCollection), DisableParallelization = true)]
public sealed class EnvironmentVariablesCollection;

[Collection(nameof(EnvironmentVariablesCollection))]
public sealed class PostgresHostTests
{
    [PostgresFact]
    public async Task Host_DatabaseProviderPostgreSqlFromEnvironment_MigratesAndRunsAProcess()
    {
        await using var database = await TestPostgres.CreateAsync();
        Environment.SetEnvironmentVariable("Database__Provider", "PostgreSQL");
        Environment.SetEnvironmentVariable("ConnectionStrings__SupervisionFlow", database.ConnectionString);
        try
        {
            // No connection string in the test settings: the environment variables alone point the host at PostgreSQL.
            await using var host = new EngineApiHost(new Dictionary<string, string?> { ["ConnectionStrings:SupervisionFlow"] = null });
            var client = host.CreateApiClient();
            await client.DeployFixtureAsync("TaskAndTimerInParallel.bpmn");
            var id = await client.StartAsync("taskAndTimer", "JY-PG-1");
            var taskId = (string)Assert.Single(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"))!["id"]!;

            (await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = "zhao.liu" })).EnsureSuccessStatusCode();
            await client.AdvanceClockAsync("P3D");
            Assert.Equal(1, await client.FireDueAsync());

            Assert.Equal("completed", (string?)(await client.GetInstanceAsync(id))["state"]);
            var audit = Assert.Single(await client.GetArrayAsync($"/api/engine/process-instances/{id}/history"), h => (string?)h!["activityId"] == "audit")!;
            Assert.Equal("zhao.liu", (string?)audit["completedBy"]);
            // The rows are in PostgreSQL, not in some SQLite file.
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM engine_instances WHERE \"BusinessKey\" = 'JY-PG-1'", connection);
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Database__Provider", null);
            Environment.SetEnvironmentVariable("ConnectionStrings__SupervisionFlow", null);
        }
    }
}
