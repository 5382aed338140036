using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class ProcessInstancesTests
{
    [Fact]
    public async Task UserTaskProcess_StartClaimComplete_EndsCompletedWithHistoryAndVariables()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");

        var started = await client.PostAsJsonAsync("/api/engine/process-instances",
            new { definitionKey = "review", businessKey = "JY-2026-001", variables = new { title = "关于加强社区养老服务的建议" } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var instance = await started.ReadJsonAsync<JsonObject>();
        var id = (string)instance["id"]!;
        Assert.Equal($"/api/engine/process-instances/{id}", started.Headers.Location?.OriginalString);
        Assert.Equal("review:1", (string?)instance["definitionId"]);
        Assert.Equal("JY-2026-001", (string?)instance["businessKey"]);
        Assert.Equal("active", (string?)instance["state"]);
        Assert.Equal(["audit"], instance["activeActivityIds"]!.AsArray().Select(a => (string)a!));

        var task = Assert.Single(await client.GetArrayAsync("/api/engine/tasks?candidateGroup=lgw"))!;
        var taskId = (string)task["id"]!;
        Assert.Equal("审核", (string?)task["name"]);
        Assert.Equal(id, (string?)task["processInstanceId"]);
        Assert.Equal(["lgw"], task["candidateGroups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal("关于加强社区养老服务的建议", (string?)task["variables"]!["title"]);
        Assert.Empty(await client.GetArrayAsync("/api/engine/tasks?candidateGroup=other"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/claim", new { userId = "zhang.san" })).StatusCode);
        Assert.Equal(taskId, (string?)Assert.Single(await client.GetArrayAsync("/api/engine/tasks?assignee=zhang.san"))!["id"]);

        var completed = await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = "zhang.san", variables = new { approved = true } });
        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);

        var finished = await client.GetInstanceAsync(id);
        Assert.Equal("completed", (string?)finished["state"]);
        Assert.Empty(finished["activeActivityIds"]!.AsArray());
        Assert.True((bool)finished["variables"]!["approved"]!);
        Assert.Equal("review", (string?)finished["definitionKey"]);
        Assert.Equal(1, (int)finished["version"]!);
        Assert.Empty(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"));

        var history = await client.GetArrayAsync($"/api/engine/process-instances/{id}/history");
        Assert.Equal(["start", "audit", "end"], history.Select(h => (string)h!["activityId"]!));
        var audit = history.Single(h => (string?)h!["activityId"] == "audit")!;
        Assert.Equal("userTask", (string?)audit["activityType"]);
        Assert.Equal("zhang.san", (string?)audit["completedBy"]);
        Assert.NotNull(audit["startedAt"]);
        Assert.NotNull(audit["endedAt"]);
    }

    [Fact]
    public async Task CompleteTask_Twice_SecondIsRefusedAndNothingDoubles()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");
        var id = await client.StartAsync("review");
        var taskId = (string)(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"))[0]!["id"]!;

        var first = await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = "a" });
        var second = await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = "b" });

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already completed", (string?)problem["detail"], StringComparison.Ordinal);
        var history = await client.GetArrayAsync($"/api/engine/process-instances/{id}/history");
        Assert.Equal("a", (string?)Assert.Single(history, h => (string?)h!["activityId"] == "audit")!["completedBy"]);
    }

    [Fact]
    public async Task CompleteTask_ManyRequestsAtOnce_ExactlyOneWinsTheOthersGet409()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");
        var id = await client.StartAsync("review");
        var taskId = (string)(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"))[0]!["id"]!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = $"user{i}", variables = new { decidedBy = i } }))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.NoContent), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var history = await client.GetArrayAsync($"/api/engine/process-instances/{id}/history");
        var audit = Assert.Single(history, h => (string?)h!["activityId"] == "audit")!;
        var winner = (string)audit["completedBy"]!;
        Assert.Equal(winner, $"user{(int)(await client.GetInstanceAsync(id))["variables"]!["decidedBy"]!}");
        Assert.Single(history, h => (string?)h!["activityId"] == "end");
    }

    [Fact]
    public async Task ClaimTask_ClaimedBySomeoneElse_Returns409()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");
        var id = await client.StartAsync("review");
        var taskId = (string)(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"))[0]!["id"]!;
        await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/claim", new { userId = "zhang.san" });

        var response = await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/claim", new { userId = "li.si" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("zhang.san", (string?)(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"))[0]!["assignee"]);
    }

    [Fact]
    public async Task Start_UnknownDefinitionKey_Returns404()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateApiClient().PostAsJsonAsync("/api/engine/process-instances", new { definitionKey = "nope" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Start_WithoutDefinitionKey_Returns400NamingTheField()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateApiClient().PostAsJsonAsync("/api/engine/process-instances", new { businessKey = "x" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["definitionKey"]);
    }

    [Fact]
    public async Task Start_MalformedJson_Returns400Problem()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateApiClient().PostAsync(
            "/api/engine/process-instances", new StringContent("{\"definitionKey\": ", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInstance_UnknownId_Returns404Problem()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        await (await client.GetAsync("/api/engine/process-instances/does-not-exist")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/engine/process-instances/does-not-exist/history")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FindInstances_ByBusinessKeyAndState_ReturnsOnlyMatches()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");
        var first = await client.StartAsync("review", "JY-1");
        await client.StartAsync("review", "JY-2");

        var byKey = await client.GetArrayAsync("/api/engine/process-instances?businessKey=JY-1");
        var completed = await client.GetArrayAsync("/api/engine/process-instances?definitionKey=review&state=completed");
        var active = await client.GetArrayAsync("/api/engine/process-instances?definitionKey=review&state=active");

        Assert.Equal(first, (string?)Assert.Single(byKey)!["id"]);
        Assert.Empty(completed);
        Assert.Equal(2, active.Count);
    }

    [Fact]
    public async Task Terminate_ActiveInstance_Returns204AndEndsItTerminatedWithoutTasks()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("OneUserTask.bpmn");
        var id = await client.StartAsync("review");

        var response = await client.DeleteAsync($"/api/engine/process-instances/{id}?userId=admin");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("terminated", (string?)(await client.GetInstanceAsync(id))["state"]);
        Assert.Empty(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={id}"));
        await (await client.DeleteAsync("/api/engine/process-instances/unknown")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FindTasks_DueBeforeNotADate_Returns400Problem()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateApiClient().GetAsync("/api/engine/tasks?dueBefore=tomorrow");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
