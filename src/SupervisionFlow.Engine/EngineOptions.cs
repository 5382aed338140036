using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Parsing;

namespace SupervisionFlow.Engine;

/// <summary>Engine settings (section <c>Engine</c> of appsettings.json).</summary>
public sealed class EngineOptions
{
    /// <summary>How many times a failing service task runs before an incident is raised (the first run included).</summary>
    public int ServiceTaskRetries { get; set; } = 3;

    /// <summary>Wait before the second run; it doubles for every further run.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall-clock time one <c>${…}</c> evaluation may take.</summary>
    public TimeSpan ExpressionTimeout { get; set; } = ExpressionLimits.Default.Timeout;

    /// <summary>Statements one evaluation may run (each turn of a loop counts).</summary>
    public int ExpressionMaxStatements { get; set; } = ExpressionLimits.Default.MaxStatements;

    /// <summary>Nested JavaScript calls one evaluation may make.</summary>
    public int ExpressionMaxRecursionDepth { get; set; } = ExpressionLimits.Default.MaxRecursionDepth;

    /// <summary>Bytes one evaluation may allocate; stops string-doubling and growing arrays long before the process feels them.</summary>
    public long ExpressionMemoryLimitBytes { get; set; } = ExpressionLimits.Default.MemoryBytes;

    /// <summary>The four expression limits together.</summary>
    public ExpressionLimits ExpressionLimits =>
        new(ExpressionTimeout, ExpressionMaxStatements, ExpressionMaxRecursionDepth, ExpressionMemoryLimitBytes);

    /// <summary>Largest BPMN file a deployment accepts, in UTF-8 bytes (the product's workflows are under 100 KB).</summary>
    public long DeploymentMaxBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>Most XML elements in one BPMN file, diagram elements included; parsing cost grows with this.</summary>
    public int DeploymentMaxElements { get; set; } = 10_000;

    /// <summary>Deepest XML nesting in one BPMN file; bounds nested sub-processes, whose execution walks the depth.</summary>
    public int DeploymentMaxDepth { get; set; } = 64;

    /// <summary>
    /// Most sub-processes nested inside one another. Every level is a scope a token enters and leaves, with its own
    /// history row; the product's processes nest at most two.
    /// </summary>
    public int DeploymentMaxSubProcessDepth { get; set; } = 32;

    internal DeploymentLimits DeploymentLimits => new(DeploymentMaxBytes, DeploymentMaxElements, DeploymentMaxDepth, DeploymentMaxSubProcessDepth);

    /// <summary>
    /// Largest JSON (UTF-8 bytes) one process variable may hold; every task and instance query carries variables, so
    /// documents belong in attachments, not here.
    /// </summary>
    public int VariableMaxBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest nesting of objects and arrays inside one process variable.</summary>
    public int VariableMaxDepth { get; set; } = 16;

    /// <summary>
    /// Largest page a task or instance query returns (<see cref="Queries.PageRequest.MaxResults"/> above it is
    /// lowered to it): a page carries every variable of every item, so its size bounds the memory one request takes.
    /// </summary>
    public int MaxTaskPageSize { get; set; } = 500;

    /// <summary>
    /// On SQLite, how many connections the engine keeps open for commands that run alone (a task completion, a timer
    /// batch), each with its write statements prepared once; 0 opens a new one for every command and saves through EF
    /// Core. A kept connection holds no lock between commands; two or more let concurrent commands read side by side.
    /// </summary>
    public int KeptCommandConnections { get; set; } = 4;

    /// <summary>Due jobs claimed at once and run per transaction: timers by a sweep, service tasks after a command or by a sweep.</summary>
    public int TimerBatchSize { get; set; } = 500;

    /// <summary>
    /// Workers one sweep fires due jobs on, each with batches of its own: while one batch is saved, the next one's rows
    /// are read and its steps run. 1 fires one batch after another.
    /// </summary>
    public int SweepWorkers { get; set; } = 2;

    /// <summary>How long a claimed job stays locked to this node before another node may take it over.</summary>
    public TimeSpan JobLockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Names this node in job locks.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(90, Environment.MachineName.Length + 33)];
}
