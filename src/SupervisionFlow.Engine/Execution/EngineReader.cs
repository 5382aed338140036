using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Queries;

namespace SupervisionFlow.Engine.Execution;

/// <summary>Read-only queries (no tracking, no locks).</summary>
internal sealed class EngineReader(EngineRuntime runtime)
{
    public static DefinitionView View(ProcessDefinitionRecord d) => new(d.Id, d.Key, d.Version, d.Name, d.DeployedAt);

    public async Task<IReadOnlyList<DefinitionView>> GetDefinitionsAsync(string? key, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        var query = db.Set<ProcessDefinitionRecord>().AsNoTracking();
        if (key is not null)
        {
            query = query.Where(d => d.Key == key);
        }
        return await query.OrderBy(d => d.Key).ThenBy(d => d.Version)
            .Select(d => new DefinitionView(d.Id, d.Key, d.Version, d.Name, d.DeployedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<string?> GetDefinitionXmlAsync(string id, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        return await db.Set<ProcessDefinitionRecord>().Where(d => d.Id == id).Select(d => d.Xml).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ProcessInstanceView?> GetInstanceAsync(string id, CancellationToken cancellationToken, DbContext? unitOfWork = null) =>
        (await FindAsync(q => q.Where(i => i.Id == id), cancellationToken, unitOfWork)).FirstOrDefault();

    /// <summary>Every matching instance, newest first: for callers that act on all of them; lists read pages.</summary>
    public Task<IReadOnlyList<ProcessInstanceView>> FindInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        FindAsync(q => Filter(q, query).OrderByDescending(i => i.StartedAt), cancellationToken);

    public async Task<int> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        return await Filter(db.Set<ProcessInstanceRecord>().AsNoTracking(), query).CountAsync(cancellationToken);
    }

    /// <summary>One page of instances in start order (then id), with the total and the next page's cursor.</summary>
    public async Task<Page<ProcessInstanceView>> FindInstancePageAsync(InstanceQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        var size = PageSize(page);
        var total = await CountInstancesAsync(query, cancellationToken);
        var items = await FindAsync(q =>
        {
            q = Filter(q, query);
            if (page.After is not null)
            {
                var after = Cursor(page.After);
                q = q.Where(i => i.StartedAt > after.CreatedAt || (i.StartedAt == after.CreatedAt && string.Compare(i.Id, after.Id) > 0));
            }
            q = q.OrderBy(i => i.StartedAt).ThenBy(i => i.Id);
            return (page.After is null && page.FirstResult > 0 ? q.Skip(page.FirstResult) : q).Take(size + 1);
        }, cancellationToken);
        var next = items.Count > size ? new PageCursor(items[size - 1].StartedAt, items[size - 1].Id).ToString() : null;
        return new Page<ProcessInstanceView>([.. items.Take(size)], total, next);
    }

    private static IQueryable<ProcessInstanceRecord> Filter(IQueryable<ProcessInstanceRecord> q, InstanceQuery query)
    {
        if (query.BusinessKey is not null)
        {
            q = q.Where(i => i.BusinessKey == query.BusinessKey);
        }
        if (query.DefinitionKey is not null)
        {
            q = q.Where(i => i.DefinitionKey == query.DefinitionKey);
        }
        if (query.State is not null)
        {
            q = q.Where(i => i.State == query.State);
        }
        return q;
    }

    private int PageSize(PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(page.MaxResults, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(page.FirstResult);
        return Math.Min(page.MaxResults, runtime.Options.MaxTaskPageSize);
    }

    private static PageCursor Cursor(string text) =>
        PageCursor.TryParse(text, out var cursor) ? cursor : throw new ArgumentException($"'{text}' is not a page cursor.", nameof(text));

    private async Task<IReadOnlyList<ProcessInstanceView>> FindAsync(
        Func<IQueryable<ProcessInstanceRecord>, IQueryable<ProcessInstanceRecord>> filter, CancellationToken cancellationToken, DbContext? unitOfWork = null)
    {
        using var owned = unitOfWork is null ? runtime.CreateDbContext() : null;
        var db = unitOfWork ?? owned!;
        var records = await filter(db.Set<ProcessInstanceRecord>().AsNoTracking()).ToListAsync(cancellationToken);
        var ids = records.Select(r => r.Id).ToList();
        var incidents = await db.Set<IncidentRecord>().AsNoTracking().Where(i => ids.Contains(i.ProcessInstanceId)).ToListAsync(cancellationToken);
        return records.Select(r => new ProcessInstanceView(
            r.Id, r.DefinitionId, r.DefinitionKey, r.DefinitionVersion, r.BusinessKey, r.State,
            InstanceRuntime.ActiveActivityIds(InstanceRuntime.ParseExecutions(r.ExecutionsJson)),
            JsonNode.Parse(r.VariablesJson) as JsonObject ?? [],
            incidents.Where(i => i.ProcessInstanceId == r.Id).Select(IncidentView).ToList(),
            r.StartedAt, r.EndedAt, r.ParentInstanceId)).ToList();
    }

    private static IncidentView IncidentView(IncidentRecord i) => new(i.Id, i.ProcessInstanceId, i.ActivityId, i.JobId, i.Message, i.CreatedAt);

    public async Task<IReadOnlyList<HistoryView>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        return await db.Set<HistoryActivityRecord>().AsNoTracking()
            .Where(h => h.ProcessInstanceId == instanceId)
            .OrderBy(h => h.Sequence)
            .Select(h => new HistoryView(h.Id, h.ActivityId, h.ActivityType, h.ActivityName, h.StartedAt, h.EndedAt, h.CompletedBy, h.Canceled))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VariableHistoryView>> GetVariableHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        var rows = await db.Set<HistoryVariableRecord>().AsNoTracking()
            .Where(h => h.ProcessInstanceId == instanceId)
            .OrderBy(h => h.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(h => new VariableHistoryView(h.Name, h.ValueJson is null ? null : JsonNode.Parse(h.ValueJson), h.SetAt, h.ActivityInstanceId, h.SetBy)).ToList();
    }

    /// <summary>Why a task is not open, as a code: completed, cancelled, or never known; null while it is open.</summary>
    public async Task<string?> GetTaskClosedCodeAsync(string id, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        if (await db.Set<UserTaskRecord>().AsNoTracking().AnyAsync(t => t.Id == id, cancellationToken))
        {
            return null;
        }
        var done = await db.Set<HistoryActivityRecord>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        return done is null ? EngineErrorCodes.TaskNotFound
            : done.Canceled ? EngineErrorCodes.TaskCanceled
            : EngineErrorCodes.TaskAlreadyCompleted;
    }

    public async Task<TaskView?> GetTaskAsync(string id, CancellationToken cancellationToken) =>
        (await FindTasksAsync(new TaskQuery(), cancellationToken, id)).FirstOrDefault();

    /// <summary>
    /// Every matching task, most urgent first: for callers that act on all of them (a reminder scan, a 交办会); lists a
    /// person reads take pages (<see cref="FindTaskPageAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<TaskView>> FindTasksAsync(TaskQuery query, CancellationToken cancellationToken, string? taskId = null)
    {
        using var db = runtime.CreateDbContext();
        var rows = await Filter(db, query, taskId)
            .OrderByDescending(t => t.Priority).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        return await ViewsAsync(db, rows, cancellationToken);
    }

    public async Task<int> CountTasksAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        return await Filter(db, query, null).CountAsync(cancellationToken);
    }

    /// <summary>One page of tasks in creation order (then id), with the total and the next page's cursor.</summary>
    public async Task<Page<TaskView>> FindTaskPageAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        var size = PageSize(page);
        using var db = runtime.CreateDbContext();
        var tasks = Filter(db, query, null);
        var total = await tasks.CountAsync(cancellationToken);
        if (page.After is not null)
        {
            var after = Cursor(page.After);
            tasks = tasks.Where(t => t.CreatedAt > after.CreatedAt || (t.CreatedAt == after.CreatedAt && string.Compare(t.Id, after.Id) > 0));
        }
        tasks = tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id);
        var rows = await (page.After is null && page.FirstResult > 0 ? tasks.Skip(page.FirstResult) : tasks).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? new PageCursor(rows[size - 1].CreatedAt, rows[size - 1].Id).ToString() : null;
        return new Page<TaskView>(await ViewsAsync(db, [.. rows.Take(size)], cancellationToken), total, next);
    }

    private static IQueryable<UserTaskRecord> Filter(DbContext db, TaskQuery query, string? taskId)
    {
        var tasks = db.Set<UserTaskRecord>().AsNoTracking().Include(t => t.Candidates).AsQueryable();
        if (taskId is not null)
        {
            tasks = tasks.Where(t => t.Id == taskId);
        }
        if (query.ProcessInstanceId is not null)
        {
            tasks = tasks.Where(t => t.ProcessInstanceId == query.ProcessInstanceId);
        }
        if (query.Assignee is not null)
        {
            tasks = tasks.Where(t => t.Assignee == query.Assignee);
        }
        if (query.ActivityId is not null)
        {
            tasks = tasks.Where(t => t.ActivityId == query.ActivityId);
        }
        if (query.DueBefore is { } dueBefore)
        {
            tasks = tasks.Where(t => t.DueAt != null && t.DueAt < dueBefore);
        }
        if (query.BusinessKey is not null)
        {
            tasks = tasks.Where(t => t.BusinessKey == query.BusinessKey);
        }
        if (query.DefinitionKey is not null)
        {
            tasks = tasks.Where(t => t.DefinitionKey == query.DefinitionKey);
        }
        if (query.CandidateGroup is { } group)
        {
            tasks = tasks.Where(t => t.Candidates.Any(c => c.Kind == CandidateKinds.Group && c.Value == group));
        }
        if (query.AnyCandidateGroup is { Count: > 0 } groups)
        {
            tasks = tasks.Where(t => t.Candidates.Any(c => c.Kind == CandidateKinds.Group && groups.Contains(c.Value)));
        }
        if (query.CandidateUser is { } user)
        {
            tasks = tasks.Where(t => t.Assignee == user || t.Candidates.Any(c => c.Kind == CandidateKinds.User && c.Value == user));
        }
        return tasks;
    }

    private async Task<IReadOnlyList<TaskView>> ViewsAsync(DbContext db, List<UserTaskRecord> rows, CancellationToken cancellationToken)
    {
        var instanceIds = rows.Select(r => r.ProcessInstanceId).Distinct().ToList();
        var instances = await db.Set<ProcessInstanceRecord>().AsNoTracking()
            .Where(i => instanceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.VariablesJson, i.DefinitionId })
            .ToDictionaryAsync(i => i.Id, cancellationToken);
        return rows.Select(t =>
        {
            var instance = instances[t.ProcessInstanceId];
            return TaskViewOf(t, t.Candidates, instance.VariablesJson, runtime.Model(db, instance.DefinitionId));
        }).ToList();
    }

    /// <summary>A task as callers see it: its candidates, the instance's variables overlaid with the task's own, its form fields.</summary>
    public static TaskView TaskViewOf(UserTaskRecord t, IReadOnlyCollection<TaskCandidateRecord> candidates, string instanceVariablesJson, ProcessModel model)
    {
        var variables = JsonNode.Parse(instanceVariablesJson) as JsonObject ?? [];
        foreach (var (name, value) in JsonNode.Parse(t.LocalVariablesJson) as JsonObject ?? [])
        {
            variables[name] = value?.DeepClone();
        }
        var node = model.TryGetNode(t.ActivityId, out var n) ? n as UserTaskNode : null;
        return new TaskView(
            t.Id, t.Name, t.ActivityId, t.ProcessInstanceId, t.DefinitionKey, t.BusinessKey, t.Assignee,
            candidates.Where(c => c.Kind == CandidateKinds.Group).Select(c => c.Value).ToList(),
            candidates.Where(c => c.Kind == CandidateKinds.User).Select(c => c.Value).ToList(),
            t.DueAt, t.FollowUpAt, t.Priority, t.FormKey, t.CreatedAt, variables,
            node?.FormFields ?? []);
    }

    public async Task<IReadOnlyList<IncidentView>> GetIncidentsAsync(string? instanceId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        var query = db.Set<IncidentRecord>().AsNoTracking();
        if (instanceId is not null)
        {
            query = query.Where(i => i.ProcessInstanceId == instanceId);
        }
        return (await query.OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken)).Select(IncidentView).ToList();
    }

    public async Task<IReadOnlyList<TimerView>> GetTimersAsync(string? instanceId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        var query = db.Set<JobRecord>().AsNoTracking().Where(j => j.Kind == JobKind.Timer);
        if (instanceId is not null)
        {
            query = query.Where(j => j.ProcessInstanceId == instanceId);
        }
        return await query.OrderBy(j => j.DueAt)
            .Select(j => new TimerView(j.Id, j.ProcessInstanceId, j.ActivityId, j.DueAt, j.Period, j.RemainingRepeats))
            .ToListAsync(cancellationToken);
    }
}
