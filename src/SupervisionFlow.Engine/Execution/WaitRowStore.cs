using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Engine.Execution;

/// <summary>Writes the rows a command produces: history, user tasks, jobs (timers, service tasks), message subscriptions.</summary>
internal sealed class WaitRowStore(CommandContext context)
{
    private Dictionary<string, List<JobRecord>>? _trackedJobs;
    private int _trackedJobsPreloads;

    private DbContext Db => context.Db;

    public void StartActivity(InstanceRuntime instance, Execution execution, FlowNode node, string activityType)
    {
        execution.ActivityInstanceId = Execution.NewId();
        context.HistoryRowsAdded++;
        Db.Add(new HistoryActivityRecord
        {
            Id = execution.ActivityInstanceId,
            ProcessInstanceId = instance.Id,
            ActivityId = node.Id,
            ActivityType = activityType,
            ActivityName = node.Name,
            StartedAt = context.NowUtc,
            Sequence = context.NextHistorySequence(),
        });
    }

    /// <summary>Closes the execution's open history row (idempotent).</summary>
    public void EndActivity(Execution execution, string? completedBy, bool canceled)
    {
        if (execution.ActivityInstanceId is not { } id)
        {
            return;
        }
        execution.ActivityInstanceId = null;
        var row = Db.Set<HistoryActivityRecord>().Local.FindEntry(id)?.Entity;
        if (row is null)
        {
            // Not loaded: attach a key-only stub so only the changed columns are updated.
            row = new HistoryActivityRecord { Id = id, ProcessInstanceId = "", ActivityId = "", ActivityType = "" };
            Db.Entry(row).State = EntityState.Unchanged;
        }
        row.EndedAt = context.NowUtc;
        row.CompletedBy = completedBy;
        row.Canceled = canceled;
    }

    public void CreateBoundaryWaits(InstanceRuntime instance, Execution execution, FlowNode node)
    {
        foreach (var boundary in node.BoundaryEvents)
        {
            switch (boundary.Trigger.Kind)
            {
                case EventTriggerKind.Timer:
                    CreateTimer(instance, execution, boundary, boundary.Trigger.Timer!);
                    break;
                case EventTriggerKind.Message:
                    CreateSubscription(instance, execution, boundary.Id, boundary.Trigger.MessageName!);
                    break;
            }
        }
    }

    public void CreateTimer(InstanceRuntime instance, Execution execution, FlowNode node, TimerSpec spec)
    {
        var schedule = ResolveTimer(instance, execution, node, spec);
        TrackJob(new JobRecord
        {
            Id = Execution.NewId(),
            Kind = JobKind.Timer,
            ProcessInstanceId = instance.Id,
            ExecutionId = execution.Id,
            ActivityId = node.Id,
            DueAt = schedule.DueAt.UtcDateTime,
            Period = schedule.Period?.ToString(),
            RemainingRepeats = schedule.Period is null ? 0 : (schedule.RemainingRepeats < 0 ? -1 : schedule.RemainingRepeats - 1),
            RetriesLeft = context.Runtime.Options.ServiceTaskRetries,
            CreatedAt = context.NowUtc,
        });
        execution.Waits |= WaitRows.Job;
    }

    private TimerSchedule ResolveTimer(InstanceRuntime instance, Execution execution, FlowNode node, TimerSpec spec)
    {
        var text = spec.Text;
        if (Expressions.ExpressionText.ContainsExpression(text))
        {
            var value = context.Runtime.Evaluator.Evaluate(text, instance.VisibleVariables(execution));
            text = value switch
            {
                DateTime date => new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)).ToString("O"),
                DateTimeOffset date => date.ToString("O"),
                string s => s,
                _ => throw new EngineValidationException($"The timer of {node} evaluated to {value ?? "null"}, not an ISO 8601 text or date.", null, EngineErrorCodes.BadRuntimeValue, node.Id),
            };
        }
        return TimerSchedule.TryResolve(spec.Kind, text, context.Now, out var error)
               ?? throw new EngineValidationException($"The timer of {node}: {error}", null, EngineErrorCodes.BadRuntimeValue, node.Id);
    }

    public void CreateServiceJob(InstanceRuntime instance, Execution execution, FlowNode node)
    {
        TrackJob(new JobRecord
        {
            Id = Execution.NewId(),
            Kind = JobKind.ServiceTask,
            ProcessInstanceId = instance.Id,
            ExecutionId = execution.Id,
            ActivityId = node.Id,
            DueAt = context.NowUtc,
            RetriesLeft = context.Runtime.Options.ServiceTaskRetries,
            CreatedAt = context.NowUtc,
        });
        execution.Waits |= WaitRows.Job;
        context.CreatedServiceJobs = true;
    }

    public void CreateSubscription(InstanceRuntime instance, Execution execution, string activityId, string messageName)
    {
        Db.Add(new MessageSubscriptionRecord
        {
            Id = Execution.NewId(),
            MessageName = messageName,
            ProcessInstanceId = instance.Id,
            ExecutionId = execution.Id,
            ActivityId = activityId,
            BusinessKey = instance.Record.BusinessKey,
            CreatedAt = context.NowUtc,
        });
        execution.Waits |= WaitRows.Subscription;
    }

    public void AddTask(Execution execution, UserTaskRecord task)
    {
        Db.Add(task);
        execution.Waits |= WaitRows.Task;
    }

    /// <summary>Deletes the execution's task, jobs and subscriptions (its own waits and its boundary events').</summary>
    public void RemoveWaits(InstanceRuntime instance, Execution execution)
    {
        // Filtered by instance first: that column is indexed, so the lookup stays cheap however many rows exist.
        var id = execution.Id;
        var instanceId = instance.Id;
        if (execution.Waits.HasFlag(WaitRows.Task) && !RemoveLoadedTask(id))
        {
            Remove(Db.Set<UserTaskRecord>(), t => t.ProcessInstanceId == instanceId && t.ExecutionId == id, t => t.ExecutionId == id);
        }
        if (execution.Waits.HasFlag(WaitRows.Job))
        {
            var removed = context.JobsLoadedFor.Contains(instanceId)
                ? RemoveTrackedJobs(id)
                : Remove(Db.Set<JobRecord>(), j => j.ProcessInstanceId == instanceId && j.ExecutionId == id, j => j.ExecutionId == id);
            // A job without a due time waits on an incident, which goes with it.
            var stalled = removed.Where(j => j.DueAt is null).Select(j => j.Id).ToList();
            if (stalled.Count > 0)
            {
                Db.RemoveRange(Db.Set<IncidentRecord>().Where(i => stalled.Contains(i.JobId)).ToList());
            }
        }
        if (execution.Waits.HasFlag(WaitRows.Subscription))
        {
            Remove(Db.Set<MessageSubscriptionRecord>(), s => s.ProcessInstanceId == instanceId && s.ExecutionId == id, s => s.ExecutionId == id);
        }
        execution.Waits = WaitRows.None;
    }

    /// <summary>
    /// Removes the execution's task when this command already read it (the task being completed), without a query:
    /// an execution waits in at most one user task at a time (a multi-instance item has its own execution).
    /// </summary>
    private bool RemoveLoadedTask(string executionId)
    {
        var loaded = Db.ChangeTracker.Entries<UserTaskRecord>()
            .FirstOrDefault(e => e.Entity.ExecutionId == executionId && e.State is EntityState.Unchanged or EntityState.Modified);
        if (loaded is null)
        {
            return false;
        }
        Db.Remove(loaded.Entity);
        return true;
    }

    /// <summary>
    /// Removes the execution's jobs among the tracked ones, when the command is known to have loaded them all (a batch's
    /// preload). Looked up by execution in an index of the tracked jobs, not by scanning the change tracker: a timer
    /// batch removes one job per timer among thousands of tracked rows, and the scan made the batch quadratic.
    /// </summary>
    private List<JobRecord> RemoveTrackedJobs(string executionId)
    {
        var rows = TrackedJobs().GetValueOrDefault(executionId)?.Where(j => Db.Entry(j).State is not (EntityState.Deleted or EntityState.Detached)).ToList() ?? [];
        foreach (var row in rows)
        {
            var entry = Db.Entry(row);
            entry.State = entry.State == EntityState.Added ? EntityState.Detached : EntityState.Deleted;
        }
        return rows;
    }

    /// <summary>
    /// The tracked jobs by execution, rebuilt when another preload has run since (the only way a stored job of a
    /// preloaded instance becomes tracked); jobs this command creates join it in <see cref="TrackJob"/>.
    /// </summary>
    private Dictionary<string, List<JobRecord>> TrackedJobs()
    {
        if (_trackedJobs is null || _trackedJobsPreloads != context.JobsLoadedFor.Count)
        {
            _trackedJobs = new Dictionary<string, List<JobRecord>>(StringComparer.Ordinal);
            _trackedJobsPreloads = context.JobsLoadedFor.Count;
            foreach (var entry in Db.ChangeTracker.Entries<JobRecord>())
            {
                IndexJob(entry.Entity);
            }
        }
        return _trackedJobs;
    }

    private void TrackJob(JobRecord job)
    {
        Db.Add(job);
        if (_trackedJobs is not null)
        {
            IndexJob(job);
        }
    }

    private void IndexJob(JobRecord job)
    {
        if (!_trackedJobs!.TryGetValue(job.ExecutionId, out var jobs))
        {
            _trackedJobs[job.ExecutionId] = jobs = [];
        }
        jobs.Add(job);
    }

    private List<T> Remove<T>(DbSet<T> set, System.Linq.Expressions.Expression<Func<T, bool>> stored, Func<T, bool> local)
        where T : class
    {
        // Rows added by this command are not in the database yet: look for them among the tracked Added entries.
        var pending = Db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added && local(e.Entity)).Select(e => e.Entity).ToList();
        var rows = set.Where(stored).ToList().Concat(pending).Distinct().ToList();
        foreach (var row in rows)
        {
            var entry = Db.Entry(row);
            if (entry.State == EntityState.Added)
            {
                // Created and removed within this command: it never reaches the database.
                entry.State = EntityState.Detached;
                if (row is UserTaskRecord task)
                {
                    task.Candidates.ForEach(c => Db.Entry(c).State = EntityState.Detached);
                }
            }
            else if (entry.State != EntityState.Deleted)
            {
                set.Remove(row);
            }
        }
        return rows;
    }
}
