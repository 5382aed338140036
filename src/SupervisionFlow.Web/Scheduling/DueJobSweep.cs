using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;

namespace SupervisionFlow.Web.Scheduling;

/// <summary>
/// Fires every engine job (timer, service-task retry) due at the engine's clock, every
/// <c>Engine:Sweep:IntervalSeconds</c> of real time, on every node's Hangfire server. The engine claims each job row
/// with a conditional update, so sweeps on several nodes never fire the same job twice; Hangfire only runs the loop.
/// </summary>
public sealed class DueJobSweep(ProcessEngine engine, IOptionsMonitor<SweepOptions> options, ILogger<DueJobSweep> logger)
    : PeriodicProcess(logger)
{
    private readonly ILogger<DueJobSweep> _logger = logger;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.CurrentValue.IntervalSeconds);

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override Task<int> RunOnceAsync(CancellationToken cancellationToken) => engine.FireDueJobsAsync(cancellationToken);

    protected override void LogPass(int count) => _logger.LogInformation("Sweep fired {Count} due job(s)", count);
}
