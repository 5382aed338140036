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

    /// <summary>Runs after a command committed that retried incidents of the given instances.</summary>
    public Func<IReadOnlyCollection<string>, CancellationToken, Task>? AfterRetryCommit { get; set; }

    /// <summary>
    /// The one runner of state changes: context → body (domain rows and engine work) → agenda → one
    /// <c>SaveChanges</c> inside one transaction → after-commit work (service tasks the command reached). On the
    /// caller's <paramref name="db"/> the body's domain rows commit with the engine's; when the caller already holds a
    /// transaction (a batch import), the command joins it and the caller commits and runs the service tasks. A failed
    /// command leaves nothing behind: the transaction rolls back and the caller's context forgets the body's changes,
    /// so a retry starts from the database. <paramref name="afterCommit"/>, when given, replaces the default after-commit
    /// work (the job executor collects follow-up instances instead of recursing into them).
    /// </summary>
    public async Task<T> RunAsync<T>(
        string? userId, DbContext? db, Func<CommandContext, Task<T>> body, CancellationToken cancellationToken, Func<CommandContext, Task>? afterCommit = null)
    {
        using var context = new CommandContext(runtime, userId, db);
        var joined = context.Db.Database.CurrentTransaction is not null;
        // An engine command alone opens its connection once for its reads and its save, instead of once per statement
        // group (EF opens and closes around each query and each SaveChanges): one pool round trip per command.
        var ownConnection = db is null;
        if (ownConnection)
        {
            await context.Db.Database.OpenConnectionAsync(cancellationToken);
        }
        T result;
        try
        {
            // An engine command alone reads outside the transaction and saves in SaveChanges' own one, guarded by the
            // instance revisions (optimistic: concurrent commands overlap, the loser's save fails the guard). A domain
            // command reads rows that carry no such guard (a pending extension request), so it reads inside its
            // transaction: on SQLite that takes the write lock first (BEGIN IMMEDIATE), and what the body read stays
            // true until it commits; on PostgreSQL the instance revision, saved in the same transaction, decides.
            await using var transaction = db is not null && !joined ? await context.Db.Database.BeginTransactionAsync(cancellationToken) : null;
            result = await body(context);
            context.Run();
            using (new NoSavepoints(context.Db.Database, ownTransaction: transaction is not null))
            {
                await context.SaveAsync(cancellationToken);
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch when (db is not null && !joined)
        {
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (ownConnection)
            {
                await context.Db.Database.CloseConnectionAsync();
            }
        }
        if (afterCommit is not null)
        {
            await afterCommit(context);
            return result;
        }
        if (!joined && context.CreatedServiceJobs && AfterCommit is not null)
        {
            await AfterCommit([.. context.Instances.Select(i => i.Id)], cancellationToken);
        }
        if (!joined && context.RetriedInstances.Count > 0 && AfterRetryCommit is not null)
        {
            await AfterRetryCommit([.. context.RetriedInstances], cancellationToken);
        }
        return result;
    }

    /// <summary>Runs an engine command alone (its own runner) or as part of a unit of work (saved by the unit's runner).</summary>
    private Task<T> CommandAsync<T>(string? userId, EngineUnitOfWork? unit, Func<CommandContext, Task<T>> body, CancellationToken cancellationToken) =>
        unit is null ? RunAsync(userId, null, body, cancellationToken) : InUnitAsync(unit, body);

    private static async Task<T> InUnitAsync<T>(EngineUnitOfWork unit, Func<CommandContext, Task<T>> body)
    {
        var result = await body(unit.Context);
        unit.Context.Run();
        return result;
    }

    public async Task<string> StartAsync(
        string definitionKey, string? businessKey, JsonObject? variables, int? version, string? startedBy, CancellationToken cancellationToken, EngineUnitOfWork? unit = null) =>
        await CommandAsync(startedBy, unit, async context =>
        {
            // Id, key and version only: the parsed model is cached by id, so the XML is read only on a cache miss.
            var definitions = context.Db.Set<ProcessDefinitionRecord>().AsNoTracking().Where(d => d.Key == definitionKey);
            var definition = await (version is { } v ? definitions.Where(d => d.Version == v) : definitions.OrderByDescending(d => d.Version))
                                 .Select(d => new DefinitionStub(d.Id, d.Key, d.Version))
                                 .FirstOrDefaultAsync(cancellationToken)
                             ?? throw new EngineNotFoundException(version is null
                                 ? $"No process with key '{definitionKey}' is deployed."
                                 : $"Process '{definitionKey}' has no version {version}.", EngineErrorCodes.DefinitionNotFound);
            var instance = InstanceFactory.Create(context, definition, runtime.Model(context.Db, definition.Id), businessKey, variables, null, null);
            InstanceFactory.Begin(context.Executor, instance);
            return instance.Id;
        }, cancellationToken);

    public async Task<ProcessInstanceView> StartAndReadAsync(
        string definitionKey, string? businessKey, JsonObject? variables, int? version, string? startedBy, CancellationToken cancellationToken)
    {
        var id = await StartAsync(definitionKey, businessKey, variables, version, startedBy, cancellationToken);
        return await new EngineReader(runtime).GetInstanceAsync(id, cancellationToken)
               ?? throw new EngineNotFoundException($"Process instance '{id}' vanished.", EngineErrorCodes.InstanceNotFound);
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
        throw new EngineConflictException($"Task '{taskId}' is already claimed by '{task!.Assignee}'.", null, EngineErrorCodes.TaskClaimedByOther, task.ActivityId);
    }

    public Task CompleteAsync(string taskId, string? userId, JsonObject? variables, CancellationToken cancellationToken, EngineUnitOfWork? unit = null) =>
        CommandAsync(userId, unit, async context =>
        {
            var (task, instance) = await FindOpenTaskWithInstanceAsync(context, taskId, cancellationToken);
            Operations.TaskDelegation.EnsureNotDelegated(task);
            if (task.Assignee is not null && userId is not null && task.Assignee != userId)
            {
                throw new EngineConflictException($"Task '{taskId}' is assigned to '{task.Assignee}', not to '{userId}'.", null,
                    EngineErrorCodes.TaskAssignedToOther, task.ActivityId);
            }
            var token = instance.Find(task.ExecutionId);
            if (token is null || token.ActivityId != task.ActivityId)
            {
                throw new EngineConflictException($"Task '{taskId}' no longer matches its process instance; reload.", null,
                    EngineErrorCodes.TaskStale, task.ActivityId);
            }
            var node = (UserTaskNode)instance.Model.Node(task.ActivityId);
            FormValidator.Validate(node, variables, instance.VisibleVariables(token));
            context.SetVariables(instance, token, variables, task.Id);
            context.Executor.Leave(instance, token, node, userId ?? task.Assignee);
            return true;
        }, cancellationToken);

    /// <summary>
    /// The open task and its loaded instance. A task this command has not seen yet comes with its instance row in one
    /// statement (a completion's hot path); otherwise as <see cref="FindOpenTaskAsync"/> then the instance.
    /// </summary>
    private static async Task<(UserTaskRecord Task, InstanceRuntime Instance)> FindOpenTaskWithInstanceAsync(
        CommandContext context, string taskId, CancellationToken cancellationToken)
    {
        if (context.Db.Set<UserTaskRecord>().Local.FindEntry(taskId) is null
            && (context.Reads is { } reads ? reads.TaskWithInstance(taskId) : await CommandQueries.For(context.Db).TaskWithInstance(context.Db, taskId, cancellationToken)) is { } loaded
            && context.Db.Entry(loaded.Task).State != EntityState.Deleted)
        {
            return (loaded.Task, context.Adopt(loaded.Instance));
        }
        var task = await FindOpenTaskAsync(context, taskId, cancellationToken);
        return (task, await context.LoadInstanceAsync(task.ProcessInstanceId, cancellationToken));
    }

    /// <summary>The open task, read inside the command; a completed, cancelled or unknown one is refused with its code.</summary>
    public static async Task<UserTaskRecord> FindOpenTaskAsync(CommandContext context, string taskId, CancellationToken cancellationToken)
    {
        var task = context.Db.Set<UserTaskRecord>().Local.FindEntry(taskId)?.Entity
                   ?? await CommandQueries.For(context.Db).Task(context.Db, taskId, cancellationToken);
        if (task is null || context.Db.Entry(task).State == EntityState.Deleted)
        {
            await ThrowMissingTaskAsync(context.Db, taskId, cancellationToken);
        }
        return task!;
    }

    public Task<int> CorrelateAsync(
        string messageName, string? businessKey, string? processInstanceId, JsonObject? variables, CancellationToken cancellationToken, EngineUnitOfWork? unit = null) =>
        CommandAsync(null, unit, async context =>
        {
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
            // Nothing delivered: the runner saves nothing but stale subscriptions it removed.
            return correlated;
        }, cancellationToken);

    public Task SetVariablesAsync(string processInstanceId, JsonObject variables, string? userId, CancellationToken cancellationToken, EngineUnitOfWork? unit = null) =>
        CommandAsync(userId, unit, async context =>
        {
            var instance = await context.LoadInstanceAsync(processInstanceId, cancellationToken);
            EnsureActive(instance);
            context.SetVariables(instance, null, variables, null);
            return true;
        }, cancellationToken);

    public Task TerminateAsync(string processInstanceId, string? userId, CancellationToken cancellationToken, EngineUnitOfWork? unit = null) =>
        CommandAsync(userId, unit, async context =>
        {
            var instance = await context.LoadInstanceAsync(processInstanceId, cancellationToken);
            EnsureActive(instance);
            context.Executor.EndInstance(instance, InstanceStates.Terminated, resumeCaller: false);
            return true;
        }, cancellationToken);

    public Task RetryIncidentAsync(string incidentId, CancellationToken cancellationToken, EngineUnitOfWork? unit = null) =>
        CommandAsync(null, unit, async context =>
        {
            await JobExecutor.ResetIncidentAsync(context, incidentId, cancellationToken);
            return true;
        }, cancellationToken);

    private static void EnsureActive(InstanceRuntime instance)
    {
        if (!instance.IsActive)
        {
            throw new EngineConflictException($"Process instance '{instance.Id}' is {instance.Record.State}.", null, EngineErrorCodes.InstanceNotActive);
        }
    }

    private static async Task ThrowMissingTaskAsync(DbContext db, string taskId, CancellationToken cancellationToken)
    {
        var done = await db.Set<HistoryActivityRecord>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == taskId, cancellationToken);
        if (done is not null)
        {
            throw done.Canceled
                ? new EngineConflictException($"Task '{taskId}' was cancelled at {done.EndedAt:u}.", null, EngineErrorCodes.TaskCanceled, done.ActivityId)
                : new EngineConflictException(
                    $"Task '{taskId}' was already completed{(done.CompletedBy is null ? "" : $" by '{done.CompletedBy}'")} at {done.EndedAt:u}.", null,
                    EngineErrorCodes.TaskAlreadyCompleted, done.ActivityId);
        }
        throw new EngineNotFoundException($"Task '{taskId}' does not exist.", EngineErrorCodes.TaskNotFound);
    }
}
