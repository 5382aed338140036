using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Operations;

/// <summary>
/// The migration fixtures: <c>mig</c> version 1, version 2 (三定 renamed with new form and groups, a new step 审核
/// before 拟写答复, the guard timer 20 days instead of 10 plus a new 3-day reminder, the receipt message renamed) and
/// version 3 (the new step, no guard timer), and the called process <c>child</c>.
/// </summary>
internal static class MigrationWorld
{
    public const string V1 = "mig:1";
    public const string V2 = "mig:2";
    public const string V3 = "mig:3";

    public static async Task<EngineHarness> CreateAsync(TestDatabase database = TestDatabase.Sqlite)
    {
        var h = await EngineHarness.CreateAsync(database);
        await h.DeployFixturesAsync("Operations/MigrationChild.bpmn", "Operations/MigrationV1.bpmn", "Operations/MigrationV2.bpmn", "Operations/MigrationV3NoGuard.bpmn");
        return h;
    }

    /// <summary>Starts an instance on version 1.</summary>
    public static async Task<string> StartV1Async(EngineHarness h) =>
        (await h.Engine.StartProcessAsync("mig", "bk", EngineHarness.Json(new { units = new[] { "a", "b" } }), version: 1)).Id;

    /// <summary>Starts an instance on version 1 and completes 三定 and the receipt: it waits at 拟写答复 with its guard timer.</summary>
    public static async Task<string> AtDraftAsync(EngineHarness h)
    {
        var id = await StartV1Async(h);
        await h.CompleteAsync(id, "plan");
        await h.Engine.CorrelateMessageAsync("receipt", processInstanceId: id);
        return id;
    }

    public static async Task<MigrationPlan> PlanAsync(EngineHarness h, string target = V2, bool recompute = false) =>
        (await h.Engine.ProposeMigrationAsync(V1, target)) with { RecomputeDueDates = recompute };

    public static async Task<MigratedInstance> MigrateAsync(EngineHarness h, MigrationPlan plan, string id)
    {
        await using var db = h.CreateDbContext();
        return await h.Engine.RunAsync(db, "admin", (unit, token) => unit.MigrateInstanceAsync(plan, id, token));
    }

    /// <summary>The ids of completed (not cancelled) activities in history, without the migration entry.</summary>
    public static async Task<List<string>> CompletedStepsAsync(EngineHarness h, string id) =>
        [.. (await h.Engine.GetHistoryAsync(id)).Where(x => x.ActivityType == "userTask" && x.EndedAt is not null && !x.Canceled).Select(x => x.ActivityId)];

    public static async Task<IReadOnlyList<TimerView>> TimersAsync(EngineHarness h, string id) =>
        [.. (await h.Engine.GetTimersAsync(id)).OrderBy(t => t.ActivityId, StringComparer.Ordinal)];
}
