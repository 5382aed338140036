using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Tasks;

/// <summary>
/// Service tasks one command reaches in many instances (a 交办会 chunk's notices) run in one transaction; when one of
/// them fails, the batch falls back to one transaction per job, so the others commit and the failing one is retried.
/// </summary>
public sealed class ServiceTaskBatchTests
{
    private const string Fixture = "Elements/Tasks/ServiceTaskBatch.bpmn";
    private const int Instances = 5;

    [Theory, SqliteData, PostgresData]
    public async Task ServiceTasks_ReachedByOneCommand_RunTogetherInOneTransaction(TestDatabase database)
    {
        var contexts = new List<DbContext>();
        await using var h = await EngineHarness.CreateAsync(database, handlers: hs => hs.Register("archive", (ctx, _) =>
        {
            contexts.Add(ctx.Db);
            ctx.SetVariable("archived", JsonValue.Create(true));
            return Task.CompletedTask;
        }));
        await h.DeployFixtureAsync(Fixture);

        var ids = await StartInOneCommandAsync(h);

        Assert.Equal(Instances, contexts.Count);
        Assert.Single(contexts.Distinct()); // one DbContext: one transaction for all five
        foreach (var id in ids)
        {
            Assert.Equal(["done"], await h.TaskActivityIdsAsync(id));
            Assert.True((await h.InstanceAsync(id)).Variables["archived"]!.GetValue<bool>());
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task ServiceTaskBatch_OneHandlerFails_OthersCommitAndTheFailingOneIsRetriedByItsPolicy(TestDatabase database)
    {
        var failing = true;
        var runs = new List<string>();
        await using var h = await EngineHarness.CreateAsync(database,
            handlers: hs => hs.Register("archive", (ctx, _) =>
            {
                runs.Add(ctx.BusinessKey!);
                if (failing && ctx.BusinessKey == "case-2")
                {
                    throw new InvalidOperationException("archive offline for case-2");
                }
                ctx.SetVariable("archived", JsonValue.Create(true));
                return Task.CompletedTask;
            }),
            options: new EngineOptions { ServiceTaskRetries = 3, RetryBackoff = TimeSpan.FromSeconds(10) });
        await h.DeployFixtureAsync(Fixture);

        var ids = await StartInOneCommandAsync(h);

        // The failed batch kept nothing; every job then ran alone: case-2 failed again, the other four committed once.
        Assert.Equal(2, runs.Count(r => r == "case-2"));
        for (var i = 0; i < Instances; i++)
        {
            var history = await h.HistoryActivityIdsAsync(ids[i]);
            if (i == 2)
            {
                Assert.Empty(await h.TaskActivityIdsAsync(ids[i]));
                Assert.DoesNotContain("done", history);
                continue;
            }
            Assert.Equal(["done"], await h.TaskActivityIdsAsync(ids[i]));
            Assert.Single(history, a => a == "callArchive");
        }
        Assert.Empty(await h.Engine.GetIncidentsAsync());

        // Its retry policy as for a job run alone: back-off of 10 s, then it runs and succeeds.
        failing = false;
        Assert.Equal(0, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(9)));
        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(["done"], await h.TaskActivityIdsAsync(ids[2]));
        Assert.True((await h.InstanceAsync(ids[2])).Variables["archived"]!.GetValue<bool>());
        Assert.Empty(await h.Engine.GetIncidentsAsync());
    }

    /// <summary>Starts the instances in one command on a caller's DbContext; its commit runs the service tasks it reached.</summary>
    private static async Task<List<string>> StartInOneCommandAsync(EngineHarness h)
    {
        await using var db = h.CreateDbContext();
        return await h.Engine.RunAsync(db, null, async (unit, token) =>
        {
            var ids = new List<string>();
            for (var i = 0; i < Instances; i++)
            {
                ids.Add(await unit.StartProcessAsync("serviceTaskBatch", businessKey: $"case-{i}", cancellationToken: token));
            }
            return ids;
        });
    }
}
