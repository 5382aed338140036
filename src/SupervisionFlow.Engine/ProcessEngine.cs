using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Parsing;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tasks;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Engine;

/// <summary>
/// The engine's front door. Every command runs in one transaction against a fresh DbContext from
/// <c>createDbContext</c> (the host's context, which maps the engine tables through <c>ApplyEngineModel</c>);
/// a command that fails changes nothing. Thread-safe: share one instance.
/// </summary>
public sealed class ProcessEngine : IDisposable
{
    private readonly EngineRuntime _runtime;
    private readonly DeploymentService _deployments;
    private readonly CommandService _commands;
    private readonly JobExecutor _jobs;
    private readonly EngineReader _reader;
    private readonly Operations.InstanceMigrator _migrator;

    public ProcessEngine(
        Func<DbContext> createDbContext,
        TimeProvider clock,
        ServiceTaskHandlers? handlers = null,
        ExpressionFunctions? functions = null,
        EngineOptions? options = null,
        ILogger<ProcessEngine>? logger = null)
    {
        _runtime = new EngineRuntime(
            createDbContext,
            clock,
            handlers ?? new ServiceTaskHandlers(),
            functions ?? new ExpressionFunctions(),
            options ?? new EngineOptions(),
            (ILogger?)logger ?? NullLogger.Instance);
        _deployments = new DeploymentService(_runtime);
        _commands = new CommandService(_runtime);
        _jobs = new JobExecutor(_runtime, _commands);
        _reader = new EngineReader(_runtime);
        _migrator = new Operations.InstanceMigrator(_runtime, _commands);
        _commands.AfterCommit = _jobs.RunDueServiceTasksAsync;
        _commands.AfterRetryCommit = _jobs.RunRetriedAsync;
    }

    public TimeProvider Clock => _runtime.Clock;

    /// <summary>Closes the connections kept for commands (<see cref="EngineOptions.KeptCommandConnections"/>).</summary>
    public void Dispose() => _runtime.Sessions.Dispose();

    public ServiceTaskHandlers Handlers => _runtime.Handlers;

    public ExpressionFunctions Functions => _runtime.Functions;

    public EngineOptions Options => _runtime.Options;

    /// <summary>
    /// Runs one command on <paramref name="db"/> (a context of the host that maps the engine tables): the body writes
    /// its domain rows into <paramref name="db"/> and does engine work through the <see cref="EngineUnitOfWork"/> it is
    /// given; then the runner runs the agenda, saves everything with one <c>SaveChanges</c> inside one transaction,
    /// and after the commit runs the service tasks the command reached. When the body or the save fails nothing is
    /// saved and <paramref name="db"/> forgets the body's changes; a retry starts afresh. Inside a transaction the
    /// caller already holds (a batch), the command joins it and the caller commits and runs the service tasks
    /// (<see cref="RunServiceTasksAsync"/>).
    /// </summary>
    /// <exception cref="EngineConflictException">Another command changed the instance first (<see cref="EngineErrorCodes.RevisionConflict"/>) or the task is gone.</exception>
    public Task<T> RunAsync<T>(DbContext db, string? userId, Func<EngineUnitOfWork, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(body);
        return _commands.RunAsync(userId, db, context => body(new EngineUnitOfWork(_commands, context), cancellationToken), cancellationToken);
    }

    /// <summary>The same as <see cref="RunAsync{T}"/> for a body without a result.</summary>
    public Task RunAsync(DbContext db, string? userId, Func<EngineUnitOfWork, CancellationToken, Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunAsync(db, userId, async (unit, token) =>
        {
            await body(unit, token);
            return true;
        }, cancellationToken);
    }

    /// <summary>Deploys every executable process in the file. Throws <see cref="DeploymentException"/> listing every problem.</summary>
    public Task<DeploymentResult> DeployAsync(string xml, CancellationToken cancellationToken = default) =>
        _deployments.DeployAsync(xml, cancellationToken);

    /// <summary>Checks a file without deploying it (the designer's "validate" button).</summary>
    public IReadOnlyList<DeploymentError> Validate(string xml, CancellationToken cancellationToken = default) => _deployments.Validate(xml, cancellationToken);

    /// <summary>Starts the given version (default: latest) of <paramref name="definitionKey"/>.</summary>
    public Task<ProcessInstanceView> StartProcessAsync(
        string definitionKey, string? businessKey = null, JsonObject? variables = null, int? version = null,
        string? startedBy = null, CancellationToken cancellationToken = default)
    {
        VariableLimits.Check(variables, _runtime.Options);
        return _commands.StartAndReadAsync(definitionKey, businessKey, variables, version, startedBy, cancellationToken);
    }

    /// <summary>Claims an open task for <paramref name="userId"/>; null gives it back to its candidates.</summary>
    public Task ClaimTaskAsync(string taskId, string? userId, CancellationToken cancellationToken = default) =>
        _commands.ClaimAsync(taskId, userId, cancellationToken);

    /// <summary>Completes a task, validating the variables against its form; exactly one of concurrent completions wins.</summary>
    public Task CompleteTaskAsync(string taskId, string? userId, JsonObject? variables = null, CancellationToken cancellationToken = default)
    {
        VariableLimits.Check(variables, _runtime.Options);
        return _commands.CompleteAsync(taskId, userId, variables, cancellationToken);
    }

    /// <summary>Delivers a message to every execution waiting for it (narrowed by business key or instance); returns how many.</summary>
    public Task<int> CorrelateMessageAsync(
        string messageName, string? businessKey = null, string? processInstanceId = null, JsonObject? variables = null,
        CancellationToken cancellationToken = default)
    {
        VariableLimits.Check(variables, _runtime.Options);
        return _commands.CorrelateAsync(messageName, businessKey, processInstanceId, variables, cancellationToken);
    }

    /// <summary>Sets process variables of an active instance.</summary>
    public Task SetVariablesAsync(string processInstanceId, JsonObject variables, string? userId = null, CancellationToken cancellationToken = default)
    {
        VariableLimits.Check(variables, _runtime.Options);
        return _commands.SetVariablesAsync(processInstanceId, variables, userId, cancellationToken);
    }

    /// <summary>Ends an active instance (and the instances it called) with state <c>terminated</c>.</summary>
    public Task TerminateAsync(string processInstanceId, string? userId = null, CancellationToken cancellationToken = default) =>
        _commands.TerminateAsync(processInstanceId, userId, cancellationToken);

    /// <summary>Fires every job due at the engine's clock, including jobs that fall due as a result; returns how many fired.</summary>
    public Task<int> FireDueJobsAsync(CancellationToken cancellationToken = default) => _jobs.FireDueAsync(cancellationToken);

    /// <summary>
    /// Runs the due service tasks of the given instances now: for a caller that ran commands inside its own
    /// transaction (a batch around <see cref="RunAsync{T}"/>) and has committed it.
    /// </summary>
    public Task RunServiceTasksAsync(IEnumerable<string> processInstanceIds, CancellationToken cancellationToken = default) =>
        _jobs.RunDueServiceTasksAsync([.. processInstanceIds], cancellationToken);

    /// <summary>Gives a failed job its retries back and runs it now.</summary>
    public Task RetryIncidentAsync(string incidentId, CancellationToken cancellationToken = default) =>
        _commands.RetryIncidentAsync(incidentId, cancellationToken);

    /// <summary>A migration plan from one version of a definition to another: every activity both have, mapped by id (edit it before use).</summary>
    public Task<Operations.MigrationPlan> ProposeMigrationAsync(string sourceDefinitionId, string targetDefinitionId, CancellationToken cancellationToken = default) =>
        _migrator.ProposeAsync(sourceDefinitionId, targetDefinitionId, cancellationToken);

    /// <summary>The activities of a definition version a migration plan can map (start and end events left out), in file order.</summary>
    public Task<IReadOnlyList<Operations.MigrationActivity>> GetMigrationActivitiesAsync(string definitionId, CancellationToken cancellationToken = default) =>
        _migrator.ActivitiesAsync(definitionId, cancellationToken);

    /// <summary>Checks the plan against every active instance of its source without changing anything: how many would migrate, which would not and why.</summary>
    /// <exception cref="EngineValidationException">The plan itself is refused (<see cref="Operations.OperationErrorCodes.MigrationPlanInvalid"/>).</exception>
    public Task<Operations.MigrationDryRun> DryRunMigrationAsync(Operations.MigrationPlan plan, CancellationToken cancellationToken = default) =>
        _migrator.DryRunAsync(plan, cancellationToken);

    /// <summary>
    /// Migrates every active instance of the plan's source, <see cref="Operations.MigrationRunOptions.ChunkSize"/> per
    /// transaction; an instance that cannot migrate is reported and skipped, unchanged. One instance inside a command of
    /// your own: <see cref="Operations.InstanceMigration.MigrateInstanceAsync"/>.
    /// </summary>
    public Task<Operations.MigrationResult> MigrateAsync(Operations.MigrationPlan plan, Operations.MigrationRunOptions? options = null, CancellationToken cancellationToken = default) =>
        _migrator.RunAsync(plan, options ?? new Operations.MigrationRunOptions(), cancellationToken);

    public Task<IReadOnlyList<DefinitionView>> GetDefinitionsAsync(string? key = null, CancellationToken cancellationToken = default) =>
        _reader.GetDefinitionsAsync(key, cancellationToken);

    public Task<string?> GetDefinitionXmlAsync(string definitionId, CancellationToken cancellationToken = default) =>
        _reader.GetDefinitionXmlAsync(definitionId, cancellationToken);

    public Task<ProcessInstanceView?> GetInstanceAsync(string processInstanceId, CancellationToken cancellationToken = default) =>
        _reader.GetInstanceAsync(processInstanceId, cancellationToken);

    /// <summary>Every matching instance, newest first (no limit: lists a person reads use <see cref="FindInstancePageAsync"/>).</summary>
    public Task<IReadOnlyList<ProcessInstanceView>> FindInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _reader.FindInstancesAsync(query, cancellationToken);

    /// <summary>One page of matching instances in start order, with the total and the cursor of the next page.</summary>
    public Task<Page<ProcessInstanceView>> FindInstancePageAsync(InstanceQuery query, PageRequest page, CancellationToken cancellationToken = default) =>
        _reader.FindInstancePageAsync(query, page, cancellationToken);

    public Task<int> CountInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _reader.CountInstancesAsync(query, cancellationToken);

    public Task<IReadOnlyList<HistoryView>> GetHistoryAsync(string processInstanceId, CancellationToken cancellationToken = default) =>
        _reader.GetHistoryAsync(processInstanceId, cancellationToken);

    public Task<IReadOnlyList<VariableHistoryView>> GetVariableHistoryAsync(string processInstanceId, CancellationToken cancellationToken = default) =>
        _reader.GetVariableHistoryAsync(processInstanceId, cancellationToken);

    /// <summary>
    /// Every matching open task, most urgent first (no limit: for code that acts on all of them; lists a person reads
    /// use <see cref="FindTaskPageAsync"/>).
    /// </summary>
    public Task<IReadOnlyList<TaskView>> FindTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        _reader.FindTasksAsync(query, cancellationToken);

    /// <summary>One page of matching open tasks in creation order, with the total and the cursor of the next page.</summary>
    public Task<Page<TaskView>> FindTaskPageAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default) =>
        _reader.FindTaskPageAsync(query, page, cancellationToken);

    public Task<int> CountTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        _reader.CountTasksAsync(query, cancellationToken);

    public Task<TaskView?> GetTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        _reader.GetTaskAsync(taskId, cancellationToken);

    /// <summary>
    /// Why <paramref name="taskId"/> is not open: <see cref="EngineErrorCodes.TaskAlreadyCompleted"/>,
    /// <see cref="EngineErrorCodes.TaskCanceled"/> or <see cref="EngineErrorCodes.TaskNotFound"/>; null while it is open.
    /// </summary>
    public Task<string?> GetTaskClosedCodeAsync(string taskId, CancellationToken cancellationToken = default) =>
        _reader.GetTaskClosedCodeAsync(taskId, cancellationToken);

    public Task<IReadOnlyList<IncidentView>> GetIncidentsAsync(string? processInstanceId = null, CancellationToken cancellationToken = default) =>
        _reader.GetIncidentsAsync(processInstanceId, cancellationToken);

    public Task<IReadOnlyList<TimerView>> GetTimersAsync(string? processInstanceId = null, CancellationToken cancellationToken = default) =>
        _reader.GetTimersAsync(processInstanceId, cancellationToken);
}
