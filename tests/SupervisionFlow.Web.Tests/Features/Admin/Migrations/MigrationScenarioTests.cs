using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Admin.Migrations;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;
using Xunit.Abstractions;

namespace SupervisionFlow.Web.Tests.Features.Admin.Migrations;

/// <summary>
/// Suggestions in flight on version 1 of the handling process move to a version 2 with a new step (答复前审核) before
/// 拟写答复: none repeats a completed step, those not yet at 拟写答复 pass the new step, all finish on version 2.
/// <c>SF_MIGRATION_SCENARIO_COUNT</c> sets how many (default 60; the 200 by hand).
/// </summary>
public sealed class MigrationScenarioTests(ITestOutputHelper output)
{
    private const string Key = "suggestion-handling";
    private const string NewStep = HandlingVersionTwo.NewStep;

    private static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("SF_MIGRATION_SCENARIO_COUNT"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 60;

    [Fact]
    public async Task SuggestionsInFlight_MigratedToVersionWithNewStep_NoStepRepeatedAllClose()
    {
        await using var world = await ScenarioWorld.StartAsync();
        var suggestions = new List<(int Id, int Stage)>();
        for (var i = 0; i < Count; i++)
        {
            var suggestion = await world.SubmitAsync();
            await world.AcceptAndAssignAsync(suggestion.Id, "jtj", []);
            // Stage 0 waits at 签收, 1 at 办前拜访, 2 at 拟写答复 (past where version 2 inserts its step).
            var stage = i % 3;
            await WalkAsync(world, suggestion.Id, from: 0, to: stage);
            suggestions.Add((suggestion.Id, stage));
        }
        var source = $"{Key}:1";
        await world.Engine.DeployAsync(HandlingVersionTwo.Xml());
        var target = (await world.Engine.GetDefinitionsAsync(Key)).Single(d => d.Version == 2).Id;

        var clock = Stopwatch.StartNew();
        var result = await world.WithScopeAsync(async services =>
        {
            var runner = services.GetRequiredService<MigrationRunner>();
            var plan = await runner.PlanAsync(source, target, null, recomputeDueDates: false, CancellationToken.None);
            var dryRun = await runner.DryRunAsync(plan, CancellationToken.None);
            Assert.Equal((Count, Count), (dryRun.Instances, dryRun.Migratable));
            return await runner.ExecuteAsync(plan, "admin", CancellationToken.None);
        });
        output.WriteLine($"migrated {result.Migrated.Count} suggestions in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(Count, result.Migrated.Count);
        Assert.Empty(result.Failures);
        var audited = await world.WithScopeAsync(services =>
            services.GetRequiredService<AppDbContext>().Set<AuditEntry>().CountAsync(a => a.Action == MigrationRunner.Migrated));
        Assert.Equal(Count, audited);
        foreach (var (id, stage) in suggestions)
        {
            await WalkAsync(world, id, from: stage, to: 3);
            Assert.Equal(SuggestionState.Closed, (await world.SuggestionAsync(id)).State);
            var instance = (await world.Engine.FindInstancesAsync(new Engine.Queries.InstanceQuery(BusinessKey: id.ToString(CultureInfo.InvariantCulture), DefinitionKey: Key))).Single();
            Assert.Equal((target, "completed"), (instance.DefinitionId, instance.State));
            var steps = (await world.Engine.GetHistoryAsync(instance.Id)).Where(h => h.ActivityType == "userTask").Select(h => h.ActivityId).ToList();
            Assert.Equal(steps.Distinct().Count(), steps.Count);
            Assert.Equal(stage < 2, steps.Contains(NewStep));
            Assert.Single(await world.Engine.GetHistoryAsync(instance.Id), h => h.ActivityType == InstanceMigration.HistoryType);
        }
    }

    /// <summary>
    /// The unit's steps between two stages: 0 签收 → 1 三定, 办前拜访 → 2 办中走访 (and the new step on version 2) →
    /// 3 拟写答复, 签发, 办后回访 and the deputy's 测评. The clock stands still, so no deadline fires in between.
    /// </summary>
    private static async Task WalkAsync(ScenarioWorld w, int id, int from, int to)
    {
        var unit = ScenarioWorld.Unit("jtj");
        var group = Actor.UnitGroup("jtj");
        if (from <= 0 && to >= 1)
        {
            await w.CompleteAsync(id, "acknowledge", unit, new { ackDecision = "accept" }, group);
            await w.CompleteAsync(id, "plan", unit, new { handlerName = "刘经办", handlerPhone = "028-1234567", plan = "会同相关部门调研论证，分步实施。", plannedCompletionOn = "2026-05-20" }, group);
        }
        if (from <= 1 && to >= 2)
        {
            await w.CompleteAsync(id, "visitBefore", unit, new { contactedOn = w.Today(), method = "上门拜访", summary = "听取代表意见。" }, group);
            await w.CompleteAsync(id, "visitDuring", unit, new { contactedOn = w.Today(), method = "现场察看", summary = "察看现场。" }, group);
        }
        if (to >= 3)
        {
            if (from < 2)
            {
                var review = await w.TaskAsync(id, NewStep);
                await w.Engine.CompleteTaskAsync(review.Id, unit.UserName);
            }
            await w.CompleteAsync(id, "draftReply", unit, new { resultClass = "A", text = "经研究，已新开社区微循环线路3条。" }, group);
            await w.CompleteAsync(id, "signOff", ScenarioWorld.UnitHead("jtj"), new { signedBy = "赵局长" }, Actor.UnitHeadGroup("jtj"));
            await w.CompleteAsync(id, "visitAfter", unit, new { contactedOn = w.Today(), method = "电话", summary = "回访代表。", deputyView = "满意" }, group);
            await w.EvaluateAsync(id, 1, "Satisfied");
        }
    }
}
