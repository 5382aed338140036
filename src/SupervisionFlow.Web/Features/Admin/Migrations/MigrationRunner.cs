using System.Globalization;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Web.Domain.Handling;

namespace SupervisionFlow.Web.Features.Admin.Migrations;

/// <summary>Limits of a migration run (<c>Operations:Migration</c>).</summary>
public sealed class MigrationOptions
{
    public const string Section = "Operations:Migration";

    /// <summary>Instances per transaction: a failure rolls back at most this many, and locks are held this long.</summary>
    public int ChunkSize { get; set; } = MigrationRunOptions.DefaultChunkSize;

    /// <summary>
    /// The most instances one request migrates. The run is synchronous (the request waits, chunk after chunk): past
    /// this a request would outlast proxies' timeouts, so it is refused and the administrator raises the limit knowingly.
    /// </summary>
    public int MaxInstancesPerRun { get; set; } = 5000;
}

/// <summary>
/// The host's side of instance migration (版本迁移): plans with the engine's proposal as default, dry runs, and runs
/// in chunks where every migrated suggestion gets its audit entry (shown on its timeline) in the chunk's transaction.
/// </summary>
public sealed class MigrationRunner(ProcessEngine engine, TimeProvider clock, IOptions<MigrationOptions> options)
{
    public const string Migrated = "process.migrated";

    public MigrationOptions Options => options.Value;

    /// <summary>The plan: the given mapping (entries with an empty target dropped), or the engine's proposal by equal ids.</summary>
    public async Task<MigrationPlan> PlanAsync(
        string sourceDefinitionId, string targetDefinitionId, IReadOnlyDictionary<string, string>? mapping, bool recomputeDueDates, CancellationToken cancellationToken)
    {
        var proposed = await engine.ProposeMigrationAsync(sourceDefinitionId, targetDefinitionId, cancellationToken);
        var chosen = mapping is null
            ? proposed.ActivityMapping
            : mapping.Where(m => !string.IsNullOrWhiteSpace(m.Value)).ToDictionary(m => m.Key, m => m.Value.Trim(), StringComparer.Ordinal);
        return proposed with { ActivityMapping = chosen, RecomputeDueDates = recomputeDueDates };
    }

    public Task<MigrationDryRun> DryRunAsync(MigrationPlan plan, CancellationToken cancellationToken) => engine.DryRunMigrationAsync(plan, cancellationToken);

    /// <summary>
    /// Migrates every active instance of the source. A synchronous run (a request waits) is refused, with nothing done,
    /// past <see cref="MigrationOptions.MaxInstancesPerRun"/>; a background job (<see cref="MigrationBatchJob"/>) is not limited.
    /// </summary>
    public async Task<MigrationResult> ExecuteAsync(
        MigrationPlan plan, string actor, CancellationToken cancellationToken, Func<MigrationProgress, CancellationToken, Task>? onProgress = null, bool background = false)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var dryRun = await engine.DryRunMigrationAsync(plan, cancellationToken);
        if (!background && dryRun.Instances > Options.MaxInstancesPerRun)
        {
            throw new EngineValidationException(
                $"{dryRun.Instances} instances run '{plan.SourceDefinitionId}'; one run migrates at most {Options.MaxInstancesPerRun} (Operations:Migration:MaxInstancesPerRun).",
                null, OperationErrorCodes.MigrationPlanInvalid);
        }
        return await engine.MigrateAsync(plan, new MigrationRunOptions
        {
            ChunkSize = Options.ChunkSize,
            UserId = actor,
            OnProgress = onProgress,
            OnMigrated = (db, migrated) => AuditTrail.Add(db, actor, Migrated, SuggestionId(migrated.BusinessKey), Describe(migrated), clock.GetUtcNow().UtcDateTime),
        }, cancellationToken);
    }

    private static int? SuggestionId(string? businessKey) =>
        int.TryParse(businessKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string Describe(MigratedInstance m) =>
        $"{m.SourceDefinitionId} → {m.TargetDefinitionId}，当前环节 {string.Join("、", m.ActiveActivityIds)}；定时器 保留 {m.TimersKept}、新建 {m.TimersCreated}、移除 {m.TimersRemoved}";
}
