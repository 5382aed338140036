using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Tasks;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// Runs due jobs. A sweep claims jobs with a conditional update (so two nodes never run the same job), fires due
/// timers and runs service tasks in batches of <see cref="EngineOptions.TimerBatchSize"/> per transaction (falling back
/// to one transaction per job when a batch fails), with retries and back-off for failing service tasks. Every
/// firing, run and recorded failure is a command of the one runner (<see cref="CommandService.RunAsync"/>).
/// </summary>
internal sealed partial class JobExecutor(EngineRuntime runtime, CommandService commands)
{
    private const int MaxRounds = 100_000;

    private EngineOptions Options => runtime.Options;

    /// <summary>
    /// Fires every due job on <see cref="EngineOptions.SweepWorkers"/> workers, each claiming and firing batches until
    /// nothing due is left. The workers overlap one batch's reads and steps with another's save (SQLite takes the saves in
    /// turn; a server takes them side by side); their claims never share a job. Two due jobs of one instance may land
    /// in two workers' batches: the instance revision lets one save win and the other batch runs job by job, as when two
    /// nodes sweep at once.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var workers = Math.Max(1, Options.SweepWorkers);
        if (workers == 1)
        {
            return await SweepAsync(cancellationToken);
        }
        var fired = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => SweepAsync(cancellationToken), cancellationToken)));
        return fired.Sum();
    }

    private async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            var (found, claimed) = await ClaimDueAsync(null, cancellationToken);
            if (found == 0)
            {
                break; // nothing due and unlocked: every due job has fired or is being fired by another worker or node
            }
            var timers = claimed.Where(j => j.Kind == JobKind.Timer).ToList();
            if (timers.Count > 0)
            {
                fired += await FireTimerBatchAsync(timers, cancellationToken);
            }
            var serviceTasks = claimed.Where(j => j.Kind == JobKind.ServiceTask).ToList();
            if (serviceTasks.Count > 0)
            {
                fired += await RunServiceTaskBatchAsync(serviceTasks, null, cancellationToken);
            }
        }
        return fired;
    }

    /// <summary>Runs the due service tasks of the given instances right after the command that reached them, and those they lead to.</summary>
    public async Task RunDueServiceTasksAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        var pending = instanceIds.ToHashSet(StringComparer.Ordinal);
        for (var round = 0; round < 1_000 && pending.Count > 0; round++)
        {
            var claimed = await ClaimAsync(pending, cancellationToken);
            if (claimed.Count == 0)
            {
                return;
            }
            await RunServiceTaskBatchAsync(claimed, pending, cancellationToken);
        }
    }

    /// <summary>
    /// Gives an incident's job its retry back, as tracked changes of <paramref name="context"/> (the command's runner
    /// saves them, with whatever the caller records beside them); the job runs right after the commit.
    /// </summary>
    public static async Task ResetIncidentAsync(CommandContext context, string incidentId, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var incident = await db.Set<IncidentRecord>().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken)
                       ?? throw new EngineNotFoundException($"Incident '{incidentId}' does not exist.", EngineErrorCodes.IncidentNotFound);
        var job = await db.Set<JobRecord>().FirstOrDefaultAsync(j => j.Id == incident.JobId, cancellationToken);
        db.Remove(incident);
        if (job is not null)
        {
            job.RetriesLeft = 1;
            job.DueAt = context.NowUtc;
            job.LockOwner = null;
            job.LockExpiresAt = null;
        }
        context.RetriedInstances.Add(incident.ProcessInstanceId);
    }

    /// <summary>Runs the due jobs, timers included, of instances whose incidents a committed command retried.</summary>
    public async Task RunRetriedAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(instanceIds, cancellationToken, includeTimers: true);
        foreach (var job in claimed)
        {
            await RunOneAsync(job.Id, job.LockOwner!, cancellationToken);
        }
    }

    private async Task<List<JobRecord>> ClaimAsync(IReadOnlyCollection<string>? instanceIds, CancellationToken cancellationToken, bool includeTimers = false) =>
        (await ClaimDueAsync(instanceIds, cancellationToken, includeTimers)).Claimed;

    /// <summary>
    /// Claims due, unlocked jobs (only service tasks when <paramref name="instanceIds"/> is given, unless timers are
    /// included). Returns how many were found as well: when another node claimed them first, the sweep goes on with the rest.
    /// </summary>
    private async Task<(int Found, List<JobRecord> Claimed)> ClaimDueAsync(IReadOnlyCollection<string>? instanceIds, CancellationToken cancellationToken, bool includeTimers = false)
    {
        if (instanceIds is null && await ClaimPreparedAsync(cancellationToken) is { } prepared)
        {
            return (prepared.Count, prepared);
        }
        using var db = runtime.CreateDbContext();
        var now = runtime.Clock.GetUtcNow().UtcDateTime;
        var due = db.Set<JobRecord>().Where(j => j.DueAt != null && j.DueAt <= now && (j.LockOwner == null || j.LockExpiresAt < now));
        if (instanceIds is not null)
        {
            due = due.Where(j => instanceIds.Contains(j.ProcessInstanceId));
            if (!includeTimers)
            {
                due = due.Where(j => j.Kind == JobKind.ServiceTask);
            }
        }
        var ids = await due.OrderBy(j => j.DueAt).Select(j => j.Id).Take(Options.TimerBatchSize).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return (0, []);
        }
        var owner = $"{Options.NodeId}:{Guid.NewGuid():N}";
        var lockUntil = now + Options.JobLockDuration;
        // Due again in the update itself: between the read above and this update another worker or node may have fired
        // a cycle timer (its next slot set, its lock released) or recorded a failed run (its back-off set); unlocked
        // alone, such a job would be taken and run again at once.
        await db.Set<JobRecord>()
            .Where(j => ids.Contains(j.Id) && j.DueAt != null && j.DueAt <= now && (j.LockOwner == null || j.LockExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LockOwner, owner).SetProperty(j => j.LockExpiresAt, lockUntil), cancellationToken);
        // Read back by key among the ids just claimed: LockOwner has no index, so filtering on it alone scans every job row.
        var claimed = await db.Set<JobRecord>().AsNoTracking().Where(j => ids.Contains(j.Id) && j.LockOwner == owner).ToListAsync(cancellationToken);
        claimed.Sort((a, b) => Nullable.Compare(a.DueAt, b.DueAt));
        return (ids.Count, claimed);
    }

    /// <summary>
    /// A sweep's claim on a kept SQLite connection: one prepared <c>UPDATE … RETURNING</c>, in turn with the other kept
    /// connections' writes. Null where connections are not kept (the claim then goes through EF Core). What it could not
    /// lock is locked by another sweep, so "found" is what it locked: zero ends the sweep, as in the EF claim.
    /// </summary>
    private async Task<List<JobRecord>?> ClaimPreparedAsync(CancellationToken cancellationToken)
    {
        var session = runtime.Sessions.Lease();
        try
        {
            if (session.Claim is not { } claim)
            {
                return null;
            }
            var now = runtime.Clock.GetUtcNow().UtcDateTime;
            List<JobRecord> claimed;
            using (await runtime.Sessions.WriteTurnAsync(cancellationToken))
            {
                claimed = claim.Claim(now, $"{Options.NodeId}:{Guid.NewGuid():N}", now + Options.JobLockDuration, Options.TimerBatchSize);
            }
            claimed.Sort((a, b) => Nullable.Compare(a.DueAt, b.DueAt));
            return claimed;
        }
        finally
        {
            runtime.Sessions.Return(session);
        }
    }

    /// <summary>Fires claimed timers in one transaction; when that fails, one transaction per timer.</summary>
    private async Task<int> FireTimerBatchAsync(List<JobRecord> timers, CancellationToken cancellationToken)
    {
        if (timers.Count == 1)
        {
            // One timer runs as the fallback runs each: a lost race for its instance (another worker or node saved it
            // first) releases it for the next claim instead of counting as a failure with a back-off.
            return await RunOneAsync(timers[0].Id, timers[0].LockOwner!, cancellationToken) ? 1 : 0;
        }
        try
        {
            var ids = timers.Select(t => t.Id).ToHashSet();
            // The runner's default after-commit work runs the service tasks the timers reached.
            return await commands.RunAsync(null, null, async context =>
            {
                await context.PreloadAsync([.. timers.Select(t => t.ProcessInstanceId).Distinct()], cancellationToken);
                var jobs = context.Db.ChangeTracker.Entries<JobRecord>().Select(e => e.Entity).Where(j => ids.Contains(j.Id)).ToList();
                var fired = 0;
                foreach (var job in jobs.OrderBy(j => j.DueAt))
                {
                    fired += await FireTimerAsync(context, job, cancellationToken) ? 1 : 0;
                    context.Run();
                }
                return fired;
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            runtime.Logger.LogWarning(e, "A batch of {Count} timers failed; firing them one by one", timers.Count);
            var fired = 0;
            foreach (var timer in timers)
            {
                fired += await RunOneAsync(timer.Id, timer.LockOwner!, cancellationToken) ? 1 : 0;
            }
            return fired;
        }
    }

    /// <summary>
    /// Runs claimed service tasks in one transaction (a 交办会 chunk reaches hundreds of notices at once: one claim,
    /// load and save for all of them instead of one each). When the batch fails, nothing of it is kept and every job
    /// runs again in a transaction of its own, as a timer batch falls back: a failing job is counted by its retry policy
    /// and the others commit. A handler with effects outside the database may therefore run twice for a job whose
    /// batch failed, as it may after any crash; the engine's own handlers write only rows (the mail outbox).
    /// </summary>
    private async Task<int> RunServiceTaskBatchAsync(List<JobRecord> jobs, HashSet<string>? followUps, CancellationToken cancellationToken)
    {
        if (jobs.Count == 1)
        {
            return await RunOneAsync(jobs[0].Id, jobs[0].LockOwner!, cancellationToken, followUps) ? 1 : 0;
        }
        var reached = new List<string>();
        int ran;
        try
        {
            var owners = jobs.ToDictionary(j => j.Id, j => j.LockOwner, StringComparer.Ordinal);
            ran = await commands.RunAsync(null, null, async context =>
            {
                await context.PreloadAsync([.. jobs.Select(j => j.ProcessInstanceId).Distinct(StringComparer.Ordinal)], cancellationToken);
                var claimed = context.Db.ChangeTracker.Entries<JobRecord>().Select(e => e.Entity)
                    .Where(j => owners.TryGetValue(j.Id, out var owner) && j.LockOwner == owner)
                    .OrderBy(j => j.DueAt).ToList();
                var count = 0;
                foreach (var job in claimed)
                {
                    count += await RunServiceTaskAsync(context, job, cancellationToken) ? 1 : 0;
                    context.Run();
                }
                return count;
            }, cancellationToken, context =>
            {
                // Noted here, run below: a failure of a follow-up must not send the committed batch to the fallback.
                if (context.CreatedServiceJobs)
                {
                    reached.AddRange(context.Instances.Select(i => i.Id));
                }
                return Task.CompletedTask;
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            runtime.Logger.LogWarning(e, "A batch of {Count} service tasks failed; running them one by one", jobs.Count);
            var count = 0;
            foreach (var job in jobs)
            {
                count += await RunOneAsync(job.Id, job.LockOwner!, cancellationToken, followUps) ? 1 : 0;
            }
            return count;
        }
        if (reached.Count > 0)
        {
            if (followUps is null)
            {
                await RunDueServiceTasksAsync(reached, cancellationToken);
            }
            else
            {
                followUps.UnionWith(reached);
            }
        }
        return ran;
    }

    /// <summary>Runs one claimed job in its own transaction; false when it did not run (stale, or lost a race).</summary>
    private async Task<bool> RunOneAsync(string jobId, string owner, CancellationToken cancellationToken, HashSet<string>? followUps = null)
    {
        try
        {
            return await commands.RunAsync(null, null, async context =>
            {
                var job = await context.Db.Set<JobRecord>().FirstOrDefaultAsync(j => j.Id == jobId && j.LockOwner == owner, cancellationToken);
                if (job is null)
                {
                    return false;
                }
                return job.Kind == JobKind.Timer
                    ? await FireTimerAsync(context, job, cancellationToken)
                    : await RunServiceTaskAsync(context, job, cancellationToken);
            }, cancellationToken, context => RunFollowUpsAsync(context, followUps, cancellationToken));
        }
        catch (EngineConflictException)
        {
            await ReleaseAsync(jobId, cancellationToken); // the instance moved meanwhile; the next sweep re-checks the job
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync(jobId, e, cancellationToken);
            return true; // it ran (and failed): counted as fired, like a timer whose handler failed
        }
    }

    /// <summary>
    /// After a job's commit: the service tasks it reached run now, or join <paramref name="followUps"/> when the caller
    /// is already working through a set of instances (no recursion per job).
    /// </summary>
    private Task RunFollowUpsAsync(CommandContext context, HashSet<string>? followUps, CancellationToken cancellationToken)
    {
        if (!context.CreatedServiceJobs)
        {
            return Task.CompletedTask;
        }
        if (followUps is null)
        {
            return RunDueServiceTasksAsync([.. context.Instances.Select(i => i.Id)], cancellationToken);
        }
        followUps.UnionWith(context.Instances.Select(i => i.Id));
        return Task.CompletedTask;
    }

    private async Task<bool> FireTimerAsync(CommandContext context, JobRecord job, CancellationToken cancellationToken)
    {
        var instance = await context.LoadInstanceAsync(job.ProcessInstanceId, cancellationToken);
        var token = instance.Find(job.ExecutionId);
        var node = instance.Model.Node(job.ActivityId);
        var expectedAt = node is BoundaryEventNode b ? b.AttachedTo.Id : node.Id;
        if (!instance.IsActive || token is null || token.ActivityId != expectedAt)
        {
            context.Db.Remove(job); // stale: the activity it belonged to has ended
            return false;
        }
        if (node is IntermediateCatchEventNode)
        {
            context.Executor.Leave(instance, token, node);
            return true;
        }
        var boundary = (BoundaryEventNode)node;
        if (!boundary.CancelActivity && job.Period is not null && job.RemainingRepeats != 0)
        {
            // A cycle missed while the host was down fires once, then resumes at its next future slot.
            var period = IsoDuration.Parse(job.Period);
            var next = new DateTimeOffset(job.DueAt!.Value, TimeSpan.Zero);
            do
            {
                next = period.AddTo(next);
            }
            while (next <= context.Now);
            job.DueAt = next.UtcDateTime;
            job.RemainingRepeats = job.RemainingRepeats > 0 ? job.RemainingRepeats - 1 : -1;
            job.LockOwner = null;
            job.LockExpiresAt = null;
        }
        else
        {
            context.Db.Remove(job);
        }
        context.Executor.TriggerBoundary(instance, token, boundary);
        return true;
    }

    private async Task<bool> RunServiceTaskAsync(CommandContext context, JobRecord job, CancellationToken cancellationToken)
    {
        var instance = await context.LoadInstanceAsync(job.ProcessInstanceId, cancellationToken);
        var token = instance.Find(job.ExecutionId);
        if (!instance.IsActive || token is null || token.ActivityId != job.ActivityId)
        {
            context.Db.Remove(job);
            return false;
        }
        var node = (ServiceTaskNode)instance.Model.Node(job.ActivityId);
        var handler = runtime.Handlers.Find(node.HandlerName)
                      ?? throw new InvalidOperationException($"No service-task handler named '{node.HandlerName}' is registered.");
        var handlerContext = new ServiceTaskContext(
            instance.Id, instance.Model.Key, instance.Record.BusinessKey, node.Id, instance.VisibleVariables(token), context.Now, context.Db);
        try
        {
            await handler.ExecuteAsync(handlerContext, cancellationToken);
        }
        catch (BpmnErrorException error)
        {
            if (!context.Executor.ThrowError(instance, token, error.ErrorCode))
            {
                throw new InvalidOperationException($"BPMN error '{error.ErrorCode}' from {node} has no error boundary event to catch it.", error);
            }
            return true;
        }
        foreach (var (name, value) in handlerContext.Changes)
        {
            instance.SetVariable(token, name, value);
            context.RecordVariable(instance, name, value, token.ActivityInstanceId);
        }
        context.Executor.Leave(instance, token, node);
        return true;
    }

    private async Task ReleaseAsync(string jobId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        await db.Set<JobRecord>().Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LockOwner, (string?)null).SetProperty(j => j.LockExpiresAt, (DateTime?)null), cancellationToken);
    }

    /// <summary>Counts a failed run: retry after back-off (doubling), or record an incident when no retries are left.</summary>
    private async Task FailAsync(string jobId, Exception error, CancellationToken cancellationToken)
    {
        // Its own command: the job's transaction has rolled back, and its failure must be recorded all the same.
        await commands.RunAsync(null, null, async context =>
        {
            var job = await context.Db.Set<JobRecord>().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is not null)
            {
                RecordFailure(context, job, error);
            }
            return job is not null;
        }, cancellationToken);
    }

    private void RecordFailure(CommandContext context, JobRecord job, Exception error)
    {
        var message = error is Expressions.ExpressionException or EngineException ? error.Message : $"{error.GetType().Name}: {error.Message}";
        var now = context.NowUtc;
        job.RetriesLeft = Math.Max(0, job.RetriesLeft - 1);
        job.LastError = message.Length > 4000 ? message[..4000] : message;
        job.LockOwner = null;
        job.LockExpiresAt = null;
        if (job.RetriesLeft > 0)
        {
            var attempts = Math.Max(1, Options.ServiceTaskRetries - job.RetriesLeft);
            job.DueAt = now + (Options.RetryBackoff * Math.Pow(2, attempts - 1));
            LogRetry(runtime.Logger, job.ActivityId, job.ProcessInstanceId, job.RetriesLeft, message);
            return;
        }
        job.DueAt = null;
        context.Db.Add(new IncidentRecord
        {
            Id = Execution.NewId(),
            ProcessInstanceId = job.ProcessInstanceId,
            JobId = job.Id,
            ActivityId = job.ActivityId,
            Message = job.LastError,
            CreatedAt = now,
        });
        LogIncident(runtime.Logger, job.ActivityId, job.ProcessInstanceId, message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job at {ActivityId} of instance {InstanceId} failed; {RetriesLeft} retries left: {Error}")]
    private static partial void LogRetry(ILogger logger, string activityId, string instanceId, int retriesLeft, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job at {ActivityId} of instance {InstanceId} failed for the last time; incident raised: {Error}")]
    private static partial void LogIncident(ILogger logger, string activityId, string instanceId, string error);
}
