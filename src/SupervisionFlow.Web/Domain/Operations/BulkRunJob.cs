using Hangfire;
using SupervisionFlow.Web.Domain.Handling;

namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>
/// A confirmed bulk action as a Hangfire job (as 版本迁移's <c>MigrationBatchJob</c>): <see cref="StartAsync"/> stores
/// the run and enqueues <see cref="RunAsync"/>, which works the chunks through <see cref="BulkRunner"/> and so resumes
/// where a crashed or failed run stopped. A selection of at most one chunk is also run at once in the request, so the
/// office sees its result without waiting for the queue's poll (15 s); the job, enqueued first, then finds it done —
/// or finishes it, when the request died midway. One code path either way.
/// </summary>
public sealed class BulkRunJob(BulkRunner runner, IBackgroundJobClient jobs)
{
    public async Task<long> StartAsync(IReadOnlyList<int> suggestionIds, BulkRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var run = await runner.StartAsync(suggestionIds, request, actor, cancellationToken);
        Resume(run.Id);
        if (run.Total <= runner.Options.BulkChunkSize)
        {
            try
            {
                await runner.ContinueAsync(run.Id, cancellationToken);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // The save failed; the job enqueued above resumes the run, and its page shows the progress meanwhile.
            }
        }
        return run.Id;
    }

    /// <summary>Enqueues a runner for the run: harmless beside one still working, as each chunk is claimed once.</summary>
    public void Resume(long runId) => jobs.Enqueue<BulkRunJob>(job => job.RunAsync(runId, CancellationToken.None));

    /// <summary>Retried by Hangfire after a failed save: a retry resumes at the first suggestion not yet processed.</summary>
    [AutomaticRetry(Attempts = 5)]
    public Task RunAsync(long runId, CancellationToken cancellationToken) => runner.ContinueAsync(runId, cancellationToken);
}
