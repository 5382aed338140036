using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.MultiInstance;

public sealed class MultiInstanceTests
{
    private const string Folder = "Elements/MultiInstance/";
    private static readonly string[] Units = ["legal", "finance", "tech"];

    private static string Unit(TaskView task) => EngineHarness.Text(task.Variables["unit"]) ?? "";

    private static int LoopCounter(TaskView task) => (int)EngineHarness.Number(task.Variables["loopCounter"]);

    private static async Task CompleteForUnitAsync(EngineHarness h, string instanceId, string activityId, string unit)
    {
        var task = Assert.Single(await h.TasksAsync(instanceId, activityId), t => Unit(t) == unit);
        await h.Engine.CompleteTaskAsync(task.Id, "alice");
    }

    [Fact]
    public async Task Parallel_Collection_OneTaskPerElementWithElementVariableAndLoopCounter()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MultiInstanceParallel.bpmn");

        var instance = await h.StartAsync("miParallel", new { units = Units });

        var tasks = (await h.TasksAsync(instance.Id)).OrderBy(LoopCounter).ToList();
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("unitReply", t.ActivityId));
        Assert.Equal(Units, tasks.Select(Unit));
        Assert.Equal([0, 1, 2], tasks.Select(LoopCounter));
        Assert.All(tasks, t => Assert.Equal([Unit(t)], t.CandidateGroups));
        Assert.Contains("unitReply", instance.ActiveActivityIds);
        Assert.Single(await h.Engine.FindTasksAsync(new(CandidateGroup: "finance")));
    }

    [Fact]
    public async Task Parallel_AllInstancesComplete_ThenFlowContinuesOnce()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MultiInstanceParallel.bpmn");
        var instance = await h.StartAsync("miParallel", new { units = Units });

        await CompleteForUnitAsync(h, instance.Id, "unitReply", "tech");
        await CompleteForUnitAsync(h, instance.Id, "unitReply", "legal");
        Assert.Equal(["finance"], (await h.TasksAsync(instance.Id)).Select(Unit));
        await CompleteForUnitAsync(h, instance.Id, "unitReply", "finance");

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
        var view = await h.InstanceAsync(instance.Id);
        Assert.Equal(["after"], view.ActiveActivityIds);
        Assert.False(view.Variables.ContainsKey("unit"), "the element variable is local to each instance");
        Assert.Single(await h.Engine.GetHistoryAsync(instance.Id), x => x.ActivityId == "after");
    }

    [Fact]
    public async Task Sequential_Collection_OneTaskAtATimeInOrder()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MultiInstanceSequential.bpmn");
        var instance = await h.StartAsync("miSequential", new { units = Units });

        var order = new List<(string, int)>();
        for (var i = 0; i < Units.Length; i++)
        {
            var task = await h.SingleTaskAsync(instance.Id);
            order.Add((Unit(task), LoopCounter(task)));
            await h.Engine.CompleteTaskAsync(task.Id, "alice");
        }

        Assert.Equal([("legal", 0), ("finance", 1), ("tech", 2)], order);
        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task CompletionCondition_TwoOfThreeDone_RestCanceledAndFlowContinues()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MultiInstanceCompletionCondition.bpmn");
        var instance = await h.StartAsync("miCompletion", new { units = Units });

        await CompleteForUnitAsync(h, instance.Id, "unitReply", "legal");
        Assert.Equal(2, (await h.TasksAsync(instance.Id, "unitReply")).Count);
        await CompleteForUnitAsync(h, instance.Id, "unitReply", "tech");

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
        var replies = (await h.Engine.GetHistoryAsync(instance.Id)).Where(x => x.ActivityId == "unitReply" && x.Canceled).ToList();
        Assert.Single(replies);
    }

    [Fact]
    public async Task LoopCardinality_Three_ThreeTasksCountedFromZero()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MultiInstanceLoopCardinality.bpmn");

        var instance = await h.StartAsync("miCardinality");

        var tasks = await h.TasksAsync(instance.Id, "vote");
        Assert.Equal([0, 1, 2], tasks.Select(LoopCounter).Order());
        foreach (var task in tasks)
        {
            await h.Engine.CompleteTaskAsync(task.Id, "alice");
        }
        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task EmptyCollection_PassesStraightThrough()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MultiInstanceParallel.bpmn");

        var instance = await h.StartAsync("miParallel", new { units = Array.Empty<string>() });

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Equal(["after"], instance.ActiveActivityIds);
    }

    [Fact]
    public async Task SubProcess_PerElement_EachInstanceRunsItsOwnInnerFlow()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "MultiInstanceSubProcess.bpmn");
        var instance = await h.StartAsync("miSubProcess", new { units = new[] { "legal", "finance" } });

        var drafts = await h.TasksAsync(instance.Id, "draft");
        Assert.Equal(["finance", "legal"], drafts.Select(Unit).Order(StringComparer.Ordinal));
        Assert.All(drafts, t => Assert.Equal([Unit(t)], t.CandidateGroups));
        Assert.Contains("perUnit", instance.ActiveActivityIds);

        await CompleteForUnitAsync(h, instance.Id, "draft", "legal");

        Assert.Equal("legal", Unit(await h.SingleTaskAsync(instance.Id, "check")));
        Assert.Equal("finance", Unit(await h.SingleTaskAsync(instance.Id, "draft")));
        await CompleteForUnitAsync(h, instance.Id, "check", "legal");
        Assert.Empty(await h.TasksAsync(instance.Id, "after"));
        await CompleteForUnitAsync(h, instance.Id, "draft", "finance");
        await CompleteForUnitAsync(h, instance.Id, "check", "finance");

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task CallActivity_PerElement_OneChildInstanceEachThenParentContinues()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixturesAsync(Folder + "MultiInstanceChild.bpmn", Folder + "MultiInstanceCallActivity.bpmn");
        var parent = await h.StartAsync("miCallActivity", new { units = new[] { "legal", "finance" } }, businessKey: "case-20");

        var children = await h.Engine.FindInstancesAsync(new InstanceQuery(DefinitionKey: "miChild"));
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal(parent.Id, c.ParentInstanceId));
        Assert.Equal(["finance", "legal"], children.Select(c => EngineHarness.Text(c.Variables["unitName"])).Order(StringComparer.Ordinal));
        Assert.Contains("askUnits", parent.ActiveActivityIds);

        await h.CompleteAsync(children[0].Id, "answer");
        Assert.Empty(await h.TasksAsync(parent.Id));
        await h.CompleteAsync(children[1].Id, "answer");

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(parent.Id));
    }
}
