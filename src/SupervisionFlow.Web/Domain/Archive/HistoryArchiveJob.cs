using Hangfire;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>
/// The Hangfire recurring job that runs <see cref="HistoryArchiver"/> on <c>History:Archive:Cron</c>: once per
/// schedule across the cluster, and the dashboard shows each run. A failed run fails the job (and stays recorded in
/// <c>history_archive_runs</c>); the next schedule is the retry.
/// </summary>
public sealed class HistoryArchiveJob(HistoryArchiver archiver, IOptions<HistoryArchiveOptions> options)
{
    public const string RecurringJobId = "history-archive";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return 0;
        }
        var run = await archiver.RunAsync("schedule", cancellationToken).ConfigureAwait(false);
        return run.State == HistoryArchiveRun.Failed
            ? throw new InvalidOperationException($"History archiving failed after {run.Suggestions} suggestion(s): {run.Error}")
            : run.Suggestions;
    }
}
