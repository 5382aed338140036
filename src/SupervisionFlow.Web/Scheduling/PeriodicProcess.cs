using Hangfire.Server;

namespace SupervisionFlow.Web.Scheduling;

/// <summary>
/// A loop that every Hangfire server of every node runs beside its workers: one pass of work, then a wait of
/// <see cref="Interval"/> on real time, until the server stops. Unlike a recurring job it is not limited by cron's
/// minute or the server's 15-second schedule polling, and it writes nothing to Hangfire's storage per pass; the work
/// itself must be safe to run on several nodes at once (the engine's and the outbox's claims by conditional update).
/// </summary>
public abstract class PeriodicProcess(ILogger logger) : IBackgroundProcess
{
    /// <summary>The wait between two passes; read before each wait, so it follows the options.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>False skips the pass (the loop keeps waiting, so a configuration reload can turn it on).</summary>
    protected abstract bool Enabled { get; }

    /// <summary>One pass; returns how many items it handled, for the log.</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Says what a pass that handled <paramref name="count"/> items did.</summary>
    protected abstract void LogPass(int count);

    public void Execute(BackgroundProcessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Enabled)
        {
            try
            {
                // Hangfire gives each background process a dedicated thread and a synchronous Execute: blocking it here
                // costs no pool thread, and the server's stop cancels the pass through StoppingToken.
                var count = RunOnceAsync(context.StoppingToken).GetAwaiter().GetResult();
                if (count > 0)
                {
                    LogPass(count);
                }
            }
            catch (OperationCanceledException) when (context.IsStopping)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // E.g. the database briefly unavailable: the next pass retries. Hangfire would also restart the loop,
                // but with its own growing back-off instead of our interval.
                logger.LogError(ex, "{Process} failed; retrying in {Interval}", GetType().Name, Interval);
            }
        }
        // Returns at once when the server stops, so shutdown does not wait for the interval.
        context.Wait(Interval);
    }

    public override string ToString() => GetType().Name;
}
