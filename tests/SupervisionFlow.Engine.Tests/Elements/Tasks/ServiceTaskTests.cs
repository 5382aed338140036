using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Tasks;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Tasks;

public sealed class ServiceTaskTests
{
    private const string Folder = "Elements/Tasks/";

    [Fact]
    public async Task ServiceAndSendTask_HandlersRunInline_SetVariablesAndFlowReachesUserTask()
    {
        var seen = new List<string>();
        await using var h = await EngineHarness.CreateAsync(handlers: hs => hs
            .Register("computeScore", (ctx, _) =>
            {
                seen.Add($"{ctx.ActivityId}:{ctx.DefinitionKey}:{ctx.BusinessKey}");
                ctx.SetVariable("score", JsonValue.Create(EngineHarness.Number(ctx.GetVariable("amount")) * 2));
                return Task.CompletedTask;
            })
            .Register("sendNotice", (ctx, _) =>
            {
                seen.Add($"{ctx.ActivityId}:score={EngineHarness.Number(ctx.GetVariable("score"))}");
                ctx.SetVariable("noticeSent", JsonValue.Create(true));
                return Task.CompletedTask;
            }));
        await h.DeployFixtureAsync(Folder + "ServiceTask.bpmn");

        var started = await h.StartAsync("serviceTask", new { amount = 21 }, businessKey: "case-8");

        var view = await h.InstanceAsync(started.Id);
        Assert.Equal(["review"], view.ActiveActivityIds);
        Assert.Equal(42, EngineHarness.Number(view.Variables["score"]));
        Assert.True(view.Variables["noticeSent"]!.GetValue<bool>());
        Assert.Equal(["score:serviceTask:case-8", "notify:score=42"], seen);
        var history = await h.Engine.GetHistoryAsync(started.Id);
        Assert.Equal(["start", "score", "notify", "review"], history.Select(x => x.ActivityId));
        Assert.Equal("sendTask", history[2].ActivityType);
        Assert.All(history.Take(3), x => Assert.NotNull(x.EndedAt));
    }

    [Fact]
    public async Task BpmnError_ThrownByHandler_CaughtByErrorBoundary()
    {
        await using var h = await EngineHarness.CreateAsync(handlers: hs => hs.Register("checkBudget",
            (ctx, _) => EngineHarness.Number(ctx.GetVariable("budget")) < 100
                ? throw new BpmnErrorException("NO_BUDGET")
                : Task.CompletedTask));
        await h.DeployFixtureAsync(Folder + "ServiceTaskBpmnError.bpmn");

        var poor = await h.StartAsync("serviceTaskBpmnError", new { budget = 10 });
        var rich = await h.StartAsync("serviceTaskBpmnError", new { budget = 1000 });

        Assert.Equal(["noBudget"], await h.TaskActivityIdsAsync(poor.Id));
        Assert.Empty(await h.Engine.GetIncidentsAsync(poor.Id));
        Assert.Contains("onNoBudget", await h.HistoryActivityIdsAsync(poor.Id));
        Assert.Equal(["approved"], await h.TaskActivityIdsAsync(rich.Id));
    }

    [Fact]
    public async Task FailingHandler_RetriedWithBackoffThenIncident_RetryIncidentCompletes()
    {
        var attempts = 0;
        var failing = true;
        await using var h = await EngineHarness.CreateAsync(
            handlers: hs => hs.Register("archive", (ctx, _) =>
            {
                attempts++;
                if (failing)
                {
                    throw new InvalidOperationException("archive offline");
                }
                ctx.SetVariable("archived", JsonValue.Create(true));
                return Task.CompletedTask;
            }),
            options: new EngineOptions { ServiceTaskRetries = 3, RetryBackoff = TimeSpan.FromSeconds(10) });
        await h.DeployFixtureAsync(Folder + "ServiceTaskRetry.bpmn");

        var instance = await h.StartAsync("serviceTaskRetry");

        Assert.Equal(1, attempts);
        Assert.Equal("active", instance.State);
        Assert.Empty(await h.Engine.GetIncidentsAsync(instance.Id));
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(9)));
        Assert.Equal(1, attempts);
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(2, attempts);
        Assert.Empty(await h.Engine.GetIncidentsAsync(instance.Id));
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(19)));
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(3, attempts);

        var incident = Assert.Single(await h.Engine.GetIncidentsAsync());
        Assert.Equal(instance.Id, incident.ProcessInstanceId);
        Assert.Equal("callArchive", incident.ActivityId);
        Assert.Contains("archive offline", incident.Message, StringComparison.Ordinal);
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal("active", view.State);
        Assert.Contains("callArchive", view.ActiveActivityIds);
        Assert.Equal(incident.Id, Assert.Single(view.Incidents).Id);
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromDays(1)));
        Assert.Equal(3, attempts);
        Assert.Empty(await h.TasksAsync(instance.Id));

        failing = false;
        await h.Engine.RetryIncidentAsync(incident.Id);

        Assert.Equal(4, attempts);
        Assert.Empty(await h.Engine.GetIncidentsAsync());
        view = await h.InstanceAsync(instance.Id);
        Assert.Empty(view.Incidents);
        Assert.Equal(["done"], view.ActiveActivityIds);
        Assert.True(view.Variables["archived"]!.GetValue<bool>());
    }

    [Fact]
    public async Task FailingHandler_SucceedsOnSecondAttempt_NoIncident()
    {
        var attempts = 0;
        await using var h = await EngineHarness.CreateAsync(
            handlers: hs => hs.Register("archive", (_, _) =>
                ++attempts == 1 ? throw new TimeoutException("slow archive") : Task.CompletedTask),
            options: new EngineOptions { ServiceTaskRetries = 3, RetryBackoff = TimeSpan.FromSeconds(10) });
        await h.DeployFixtureAsync(Folder + "ServiceTaskRetry.bpmn");
        var instance = await h.StartAsync("serviceTaskRetry");

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(2, attempts);
        Assert.Equal(["done"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Empty(await h.Engine.GetIncidentsAsync());
    }

    [Fact]
    public async Task RetryIncident_UnknownId_NotFound()
    {
        await using var h = await EngineHarness.CreateAsync();

        await Assert.ThrowsAsync<EngineNotFoundException>(() => h.Engine.RetryIncidentAsync(Guid.NewGuid().ToString()));
    }
}
