using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Features.Admin.Migrations;

/// <summary>
/// A version migration as a Hangfire job: <see cref="StartAsync"/> stores the plan in a <see cref="MigrationBatch"/>
/// row and enqueues <see cref="RunAsync"/>, which migrates chunk after chunk and writes the progress to the row after
/// each one, so the 版本迁移 page can show it from any node. Not retried automatically: a chunk already migrated stays
/// migrated, and a second run would simply find fewer instances, but the administrator decides.
/// </summary>
public sealed class MigrationBatchJob(AppDbContext db, MigrationRunner runner, IBackgroundJobClient jobs, TimeProvider clock)
{
    private const int FailuresKept = 200;

    public async Task<long> StartAsync(MigrationPlan plan, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Refuse a broken plan now, while the administrator is looking, rather than in the job.
        var dryRun = await runner.DryRunAsync(plan, cancellationToken);
        var batch = new MigrationBatch
        {
            SourceDefinitionId = plan.SourceDefinitionId,
            TargetDefinitionId = plan.TargetDefinitionId,
            PlanJson = JsonSerializer.Serialize(plan),
            RequestedBy = actor,
            State = MigrationBatch.Queued,
            Total = dryRun.Instances,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<MigrationBatchJob>(job => job.RunAsync(batch.Id, CancellationToken.None));
        return batch.Id;
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long batchId, CancellationToken cancellationToken)
    {
        var batch = await db.Set<MigrationBatch>().SingleAsync(b => b.Id == batchId, cancellationToken);
        if (batch.State != MigrationBatch.Queued)
        {
            return;
        }
        batch.State = MigrationBatch.Running;
        await db.SaveChangesAsync(cancellationToken);
        var plan = JsonSerializer.Deserialize<MigrationPlan>(batch.PlanJson)!;
        try
        {
            var result = await runner.ExecuteAsync(plan, batch.RequestedBy, cancellationToken, async (progress, token) =>
            {
                (batch.Total, batch.Processed, batch.Migrated, batch.FailedCount) = (progress.Total, progress.Processed, progress.Migrated, progress.Failed);
                await db.SaveChangesAsync(token);
            }, background: true);
            batch.State = MigrationBatch.Done;
            batch.Total = result.Instances;
            batch.Migrated = result.Migrated.Count;
            batch.FailedCount = result.Failures.Select(f => f.ProcessInstanceId).Distinct().Count();
            batch.Processed = batch.Migrated + batch.FailedCount;
            batch.FailuresJson = result.Failures.Count == 0 ? null : JsonSerializer.Serialize(result.Failures.Take(FailuresKept));
        }
        catch (EngineException e)
        {
            batch.State = MigrationBatch.Failed;
            batch.FailuresJson = JsonSerializer.Serialize(new[] { new MigrationProblem("", null, e.Code ?? "", e.ElementId, e.Message) });
        }
        batch.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public static IReadOnlyList<MigrationProblem> Failures(MigrationBatch batch) =>
        batch.FailuresJson is null ? [] : JsonSerializer.Deserialize<List<MigrationProblem>>(batch.FailuresJson) ?? [];
}
