using Microsoft.Extensions.Options;
using Quartz;
using SupervisionFlow.Engine;

namespace SupervisionFlow.Web.Scheduling;

/// <summary>
/// Fires every engine job (timer, service-task retry) due at the engine's clock. The engine claims each job row
/// with a conditional update, so sweeps on several nodes never fire the same job twice; Quartz only paces the sweep.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DueJobSweep(ProcessEngine engine, IOptions<SweepOptions> options, ILogger<DueJobSweep> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        try
        {
            var fired = await engine.FireDueJobsAsync(cancellationToken).ConfigureAwait(false);
            if (fired > 0)
            {
                logger.LogInformation("Sweep fired {Count} due job(s)", fired);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed sweep (e.g. the database briefly unavailable) is retried by the next one.
            logger.LogError(ex, "Sweep of due engine jobs failed");
        }
    }
}
