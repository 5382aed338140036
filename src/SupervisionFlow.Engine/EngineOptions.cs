using SupervisionFlow.Engine.Expressions;

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

    /// <summary>Due timers fired per transaction by a sweep.</summary>
    public int TimerBatchSize { get; set; } = 500;

    /// <summary>How long a claimed job stays locked to this node before another node may take it over.</summary>
    public TimeSpan JobLockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Names this node in job locks.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(90, Environment.MachineName.Length + 33)];
}
