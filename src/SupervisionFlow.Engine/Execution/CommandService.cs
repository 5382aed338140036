using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tasks;

namespace SupervisionFlow.Engine.Execution;

/// <summary>The state-changing commands: each loads what it needs, runs the agenda and commits once.</summary>
internal sealed class CommandService(EngineRuntime runtime)
{
    /// <summary>Runs after a command committed with new service-task jobs for the given instances.</summary>
    public Func<IReadOnlyCollection<string>, CancellationToken, Task>? AfterCommit { get; set; }

    public async Task<ProcessInstanceView> StartAsync(
        string definitionKey, string? businessKey, JsonObject? variables, int? version, string? startedBy, CancellationToken cancellationToken, DbContext? unitOfWork = null)
    {
        string id;
        using (var context = new CommandContext(runtime, startedBy, unitOfWork))
        {
            var definitions = context.Db.Set<ProcessDefinitionRecord>().Where(d => d.Key == definitionKey);
            var definition = await (version is { } v ? definitions.Where(d => d.Version == v) : definitions.OrderByDescending(d => d.Version))
                                 .FirstOrDefaultAsync(cancellationToken)
                             ?? throw new EngineNotFoundException(version is null
                                 ? $"No process with key '{definitionKey}' is deployed."
                                 : $"Process '{definitionKey}' has no version {version}.");
            var instance = InstanceFactory.Create(context, definition, runtime.Model(definition), businessKey, variables, null, null);
            id = instance.Id;
            InstanceFactory.Begin(context.Executor, instance);
            context.Run();
            await CommitAsync(context, cancellationToken);
        }
        return await new EngineReader(runtime).GetInstanceAsync(id, cancellationToken, unitOfWork)
               ?? throw new EngineNotFoundException($"Process instance '{id}' vanished.");
    }

    public async Task ClaimAsync(string taskId, string? userId, CancellationToken cancellationToken)
    {
        using var db = runtime.CreateDbContext();
        var tasks = db.Set<UserTaskRecord>().Where(t => t.Id == taskId);
        var updated = userId is null
            ? await tasks.ExecuteUpdateAsync(s => s.SetProperty(t => t.Assignee, (string?)null), cancellationToken)
            // Conditional update: of two concurrent claims by different users exactly one succeeds.
            : await tasks.Where(t => t.Assignee == null || t.Assignee == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Assignee, userId), cancellationToken);
        if (updated == 1)
        {
            return;
        }
        var task = await db.Set<UserTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            await ThrowMissingTaskAsync(db, taskId, cancellationToken);
        }
        throw new EngineConflictException($"Task '{taskId}' is already claimed by '{task!.Assignee}'.");
    }

    public async Task CompleteAsync(string taskId, string? userId, JsonObject? variables, CancellationToken cancellationToken, DbContext? unitOfWork = null)
    {
        using var context = new CommandContext(runtime, userId, unitOfWork);
        var task = await context.Db.Set<UserTaskRecord>().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            await ThrowMissingTaskAsync(context.Db, taskId, cancellationToken);
        }
        if (task!.Assignee is not null && userId is not null && task.Assignee != userId)
        {
            throw new EngineConflictException($"Task '{taskId}' is assigned to '{task.Assignee}', not to '{userId}'.");
        }
        var instance = await context.LoadInstanceAsync(task.ProcessInstanceId, cancellationToken);
        var token = instance.Find(task.ExecutionId);
        if (token is null || token.ActivityId != task.ActivityId)
        {
            throw new EngineConflictException($"Task '{taskId}' no longer matches its process instance; reload.");
        }
        var node = (UserTaskNode)instance.Model.Node(task.ActivityId);
        FormValidator.Validate(node, variables, instance.VisibleVariables(token));
        context.SetVariables(instance, token, variables, task.Id);
        context.Executor.Leave(instance, token, node, userId ?? task.Assignee);
        context.Run();
        await CommitAsync(context, cancellationToken);
    }

    public async Task<int> CorrelateAsync(
        string messageName, string? businessKey, string? processInstanceId, JsonObject? variables, CancellationToken cancellationToken, DbContext? unitOfWork = null)
    {
        using var context = new CommandContext(runtime, null, unitOfWork);
        var query = context.Db.Set<MessageSubscriptionRecord>().Where(s => s.MessageName == messageName);
        if (businessKey is not null)
        {
            query = query.Where(s => s.BusinessKey == businessKey);
        }
        if (processInstanceId is not null)
        {
            query = query.Where(s => s.ProcessInstanceId == processInstanceId);
        }
        var subscriptions = await query.OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var correlated = 0;
        foreach (var subscription in subscriptions)
        {
            if (context.Db.Entry(subscription).State == EntityState.Deleted)
            {
                continue; // removed by an earlier delivery in this command (e.g. its activity was interrupted)
            }
            var instance = await context.LoadInstanceAsync(subscription.ProcessInstanceId, cancellationToken);
            var token = instance.Find(subscription.ExecutionId);
            if (token is null || !instance.IsActive)
            {
                context.Db.Remove(subscription);
                continue;
            }
            var node = instance.Model.Node(subscription.ActivityId);
            context.SetVariables(instance, token, variables, token.ActivityInstanceId);
            if (node is BoundaryEventNode boundary)
            {
                // A non-interrupting boundary keeps its subscription: the activity goes on listening.
                context.Executor.TriggerBoundary(instance, token, boundary);
            }
            else
            {
                context.Executor.Leave(instance, token, node);
            }
            context.Run();
            correlated++;
        }
        if (correlated > 0)
        {
            await CommitAsync(context, cancellationToken);
        }
        return correlated;
    }

    public async Task SetVariablesAsync(string processInstanceId, JsonObject variables, string? userId, CancellationToken cancellationToken, DbContext? unitOfWork = null)
    {
        using var context = new CommandContext(runtime, userId, unitOfWork);
        var instance = await context.LoadInstanceAsync(processInstanceId, cancellationToken);
        EnsureActive(instance);
        context.SetVariables(instance, null, variables, null);
        await CommitAsync(context, cancellationToken);
    }

    public async Task TerminateAsync(string processInstanceId, string? userId, CancellationToken cancellationToken, DbContext? unitOfWork = null)
    {
        using var context = new CommandContext(runtime, userId, unitOfWork);
        var instance = await context.LoadInstanceAsync(processInstanceId, cancellationToken);
        EnsureActive(instance);
        context.Executor.EndInstance(instance, InstanceStates.Terminated, resumeCaller: false);
        context.Run();
        await CommitAsync(context, cancellationToken);
    }

    private static void EnsureActive(InstanceRuntime instance)
    {
        if (!instance.IsActive)
        {
            throw new EngineConflictException($"Process instance '{instance.Id}' is {instance.Record.State}.");
        }
    }

    /// <summary>Saves the command; then runs the service tasks it reached (each in its own transaction).</summary>
    public async Task CommitAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await context.SaveAsync(cancellationToken);
        // Inside the caller's open transaction the new jobs are not visible to other connections yet (and on SQLite
        // another writer would wait for this one): the caller runs them after its commit, or the sweep does.
        if (context.CreatedServiceJobs && AfterCommit is not null && context.Db.Database.CurrentTransaction is null)
        {
            await AfterCommit(context.Instances.Select(i => i.Id).ToList(), cancellationToken);
        }
    }

    private static async Task ThrowMissingTaskAsync(DbContext db, string taskId, CancellationToken cancellationToken)
    {
        var done = await db.Set<HistoryActivityRecord>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == taskId, cancellationToken);
        if (done is not null)
        {
            throw new EngineConflictException(done.Canceled
                ? $"Task '{taskId}' was cancelled at {done.EndedAt:u}."
                : $"Task '{taskId}' was already completed{(done.CompletedBy is null ? "" : $" by '{done.CompletedBy}'")} at {done.EndedAt:u}.");
        }
        throw new EngineNotFoundException($"Task '{taskId}' does not exist.");
    }
}
