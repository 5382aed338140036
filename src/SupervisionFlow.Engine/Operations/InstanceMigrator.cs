using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Operations;

/// <summary>
/// Migration of every active instance of a definition version: proposes a plan (activities of equal id), dry-runs it
/// (reads only) and runs it in chunks, each chunk one command of the runner (one transaction with the host's rows
/// for the instances it migrated). An instance that cannot migrate is reported and skipped; it changes nothing.
/// </summary>
internal sealed class InstanceMigrator(EngineRuntime runtime, CommandService commands)
{
    public async Task<MigrationPlan> ProposeAsync(string sourceDefinitionId, string targetDefinitionId, CancellationToken cancellationToken)
    {
        var (source, target) = await ModelsAsync(sourceDefinitionId, targetDefinitionId, cancellationToken);
        var mapping = source.Nodes
            .Where(n => n is not (StartEventNode or EndEventNode) && target.TryGetNode(n.Id, out _))
            .ToDictionary(n => n.Id, n => n.Id, StringComparer.Ordinal);
        return new MigrationPlan(sourceDefinitionId, targetDefinitionId, mapping);
    }

    public async Task<IReadOnlyList<MigrationActivity>> ActivitiesAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        var definition = await db.Set<ProcessDefinitionRecord>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == definitionId, cancellationToken)
                         ?? throw new EngineNotFoundException($"Process definition '{definitionId}' does not exist.", EngineErrorCodes.DefinitionNotFound);
        return [.. runtime.Model(definition).Nodes.Where(n => n is not (StartEventNode or EndEventNode)).OrderBy(n => n.Line).Select(n => new MigrationActivity(n.Id, n.Name, n.ElementType))];
    }

    public async Task<MigrationDryRun> DryRunAsync(MigrationPlan plan, CancellationToken cancellationToken)
    {
        var (source, target) = await CheckPlanAsync(plan, cancellationToken);
        using var db = runtime.CreateDbContext();
        var ids = await ActiveOf(db, plan.SourceDefinitionId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(cancellationToken);
        var failures = new List<MigrationProblem>();
        foreach (var page in ids.Chunk(500))
        {
            // Pages keep memory flat however many instances run the source version.
            var rows = await ActiveOf(db, plan.SourceDefinitionId).Where(i => page.Contains(i.Id))
                .Select(i => new { i.Id, i.BusinessKey, i.ExecutionsJson })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                failures.AddRange(MigrationValidator.CheckInstance(plan, row.Id, row.BusinessKey, InstanceRuntime.ParseExecutions(row.ExecutionsJson), source, target));
            }
        }
        var instances = ids.Count;
        var failed = failures.Select(f => f.ProcessInstanceId).Distinct().Count();
        return new MigrationDryRun(instances, instances - failed, failures);
    }

    public async Task<MigrationResult> RunAsync(MigrationPlan plan, MigrationRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 1);
        await CheckPlanAsync(plan, cancellationToken);
        List<string> ids;
        using (var db = runtime.CreateDbContext())
        {
            ids = await ActiveOf(db, plan.SourceDefinitionId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(cancellationToken);
        }
        var migrated = new List<MigratedInstance>();
        var failures = new List<MigrationProblem>();
        foreach (var chunk in ids.Chunk(options.ChunkSize))
        {
            try
            {
                var (done, refused) = await RunChunkAsync(plan, options, chunk, cancellationToken);
                migrated.AddRange(done);
                failures.AddRange(refused);
            }
            catch (EngineException)
            {
                // Something failed after an instance had started to change (a timer expression, a concurrent
                // completion): the chunk rolled back; migrate its instances one by one to find and skip the culprit.
                foreach (var id in chunk)
                {
                    try
                    {
                        var (done, refused) = await RunChunkAsync(plan, options, [id], cancellationToken);
                        migrated.AddRange(done);
                        failures.AddRange(refused);
                    }
                    catch (EngineException e)
                    {
                        failures.Add(Problem(id, e));
                    }
                }
            }
            if (options.OnProgress is { } progress)
            {
                await progress(new MigrationProgress(ids.Count, migrated.Count + failures.Select(f => f.ProcessInstanceId).Distinct().Count(), migrated.Count,
                    failures.Select(f => f.ProcessInstanceId).Distinct().Count()), cancellationToken);
            }
        }
        return new MigrationResult(ids.Count, migrated, failures);
    }

    private async Task<(List<MigratedInstance> Migrated, List<MigrationProblem> Refused)> RunChunkAsync(
        MigrationPlan plan, MigrationRunOptions options, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var db = runtime.CreateDbContext();
        return await commands.RunAsync(options.UserId, db, async context =>
        {
            // Checked on an untracked read first: an instance loaded for change is saved (its revision bumped) with
            // the chunk, so only instances that pass are loaded. The read is inside the chunk's transaction.
            var (source, target) = await ModelsAsync(plan.SourceDefinitionId, plan.TargetDefinitionId, cancellationToken);
            var rows = await db.Set<ProcessInstanceRecord>().AsNoTracking().Where(i => ids.Contains(i.Id))
                .Select(i => new { i.Id, i.BusinessKey, i.DefinitionId, i.State, i.ExecutionsJson })
                .ToDictionaryAsync(i => i.Id, cancellationToken);
            var unit = new EngineUnitOfWork(commands, context);
            var done = new List<MigratedInstance>();
            var refused = new List<MigrationProblem>();
            foreach (var id in ids)
            {
                var row = rows.GetValueOrDefault(id);
                var problems = row is null || row.State != InstanceStates.Active || row.DefinitionId != plan.SourceDefinitionId
                    ? [new MigrationProblem(id, row?.BusinessKey, OperationErrorCodes.MigrationSourceMismatch, null,
                        $"Process instance '{id}' is no longer an active instance of '{plan.SourceDefinitionId}'.")]
                    : MigrationValidator.CheckInstance(plan, id, row.BusinessKey, InstanceRuntime.ParseExecutions(row.ExecutionsJson), source, target);
                if (problems.Count > 0)
                {
                    refused.AddRange(problems);
                    continue;
                }
                var result = await unit.MigrateInstanceAsync(plan, id, cancellationToken);
                options.OnMigrated?.Invoke(db, result);
                done.Add(result);
            }
            return (done, refused);
        }, cancellationToken);
    }

    private static MigrationProblem Problem(string instanceId, EngineException e) => new(instanceId, null, e.Code ?? "", e.ElementId, e.Message);

    private static IQueryable<ProcessInstanceRecord> ActiveOf(DbContext db, string definitionId) =>
        db.Set<ProcessInstanceRecord>().AsNoTracking().Where(i => i.DefinitionId == definitionId && i.State == InstanceStates.Active);

    private async Task<(ProcessModel Source, ProcessModel Target)> CheckPlanAsync(MigrationPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var (source, target) = await ModelsAsync(plan.SourceDefinitionId, plan.TargetDefinitionId, cancellationToken);
        MigrationValidator.CheckPlan(plan, source.Key, source, target.Key, target);
        return (source, target);
    }

    private async Task<(ProcessModel Source, ProcessModel Target)> ModelsAsync(string sourceDefinitionId, string targetDefinitionId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        var definitions = await db.Set<ProcessDefinitionRecord>().AsNoTracking()
            .Where(d => d.Id == sourceDefinitionId || d.Id == targetDefinitionId)
            .ToListAsync(cancellationToken);
        ProcessDefinitionRecord Find(string id) =>
            definitions.FirstOrDefault(d => d.Id == id)
            ?? throw new EngineNotFoundException($"Process definition '{id}' does not exist.", EngineErrorCodes.DefinitionNotFound);
        return (runtime.Model(Find(sourceDefinitionId)), runtime.Model(Find(targetDefinitionId)));
    }
}
