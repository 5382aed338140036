using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>
/// Runs a confirmed bulk action from its <see cref="BulkRun"/> row, chunk by chunk (<see cref="BulkOperationOptions.BulkChunkSize"/>).
/// Each chunk is one transaction: it claims its positions by moving <see cref="BulkRun.Processed"/> with a conditional
/// update, checks its suggestions again, applies the accepted ones through the single-suggestion commands (which join
/// it) and writes their outcomes and the counters, so the changes and the progress commit together or not at all.
/// A run that stops (a crash, a failed save) resumes at the first position not yet processed; two runners of the same
/// row (a job retried while the request still runs) never take the same chunk, as the second claim finds the cursor moved.
/// </summary>
public sealed class BulkRunner(AppDbContext db, BulkOperations bulk, TimeProvider clock)
{
    private const int NoteLength = 1000;

    public BulkOperationOptions Options => bulk.Options;

    /// <summary>Checks the request and the selection (as the preview did) and stores the run with every suggestion pending.</summary>
    public async Task<BulkRun> StartAsync(IReadOnlyList<int> suggestionIds, BulkRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        var plan = await bulk.PlanAsync(suggestionIds, request, actor, cancellationToken);
        var run = new BulkRun
        {
            Action = request.Action,
            Reason = request.Reason?.Trim(),
            ExtendDays = request.ExtendDays,
            ExtendTo = request.ExtendTo,
            ToUnitId = request.ToUnitId,
            RequestedBy = actor.UserName,
            RequestedByName = actor.DisplayName,
            RequestedGroups = string.Join(",", actor.Groups.Where(g => g is Actor.OfficeGroup or Actor.AdminGroup)),
            Total = plan.Items.Count,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Items = [.. plan.Items.Select((item, position) => new BulkRunItem { Position = position, SuggestionId = item.SuggestionId })],
        };
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return run;
    }

    /// <summary>The newest runs, for the office's list of recent bulk actions.</summary>
    public Task<List<BulkRun>> RecentAsync(int count, CancellationToken cancellationToken) =>
        db.Set<BulkRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken);

    /// <summary>
    /// Runs the chunks not yet processed (at most <paramref name="maxChunks"/>), then marks the run done. A failed save
    /// propagates with the progress at the last committed chunk; calling this again resumes there.
    /// </summary>
    public async Task ContinueAsync(long runId, CancellationToken cancellationToken, int maxChunks = int.MaxValue)
    {
        var run = await db.Set<BulkRun>().AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        if (run.State == BackgroundRunState.Done)
        {
            return;
        }
        await db.Set<BulkRun>().Where(r => r.Id == runId && r.State == BackgroundRunState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, BackgroundRunState.Running), cancellationToken);
        var units = await bulk.UnitsAsync(cancellationToken);
        for (var chunks = 0; chunks < maxChunks; chunks++)
        {
            var cursor = await db.Set<BulkRun>().Where(r => r.Id == runId).Select(r => r.Processed).SingleAsync(cancellationToken);
            var chunk = await db.Set<BulkRunItem>().AsNoTracking().Where(i => i.BulkRunId == runId && i.Position >= cursor)
                .OrderBy(i => i.Position).Take(Math.Max(1, Options.BulkChunkSize)).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                await db.Set<BulkRun>().Where(r => r.Id == runId && r.State != BackgroundRunState.Done).ExecuteUpdateAsync(
                    s => s.SetProperty(r => r.State, BackgroundRunState.Done).SetProperty(r => r.FinishedAt, now), CancellationToken.None);
                return;
            }
            await RunChunkAsync(run, cursor, chunk, units, cancellationToken);
        }
    }

    private async Task RunChunkAsync(BulkRun run, int cursor, List<BulkRunItem> chunk, Dictionary<string, HandlingUnit> units, CancellationToken cancellationToken)
    {
        var ids = chunk.Select(i => i.SuggestionId).ToList();
        var (request, actor) = (run.Request, run.Actor);
        List<BulkItem> items = [];
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await ClaimAsync(run.Id, cursor, chunk.Count, cancellationToken))
            {
                return;
            }
            items = await bulk.CheckAsync(ids, request, units, cancellationToken);
            foreach (var item in items.Where(i => i.Accepted))
            {
                await bulk.ApplyAsync(item, request, units, actor, cancellationToken);
            }
            await RecordAsync(run.Id, chunk, items.Select(i => i.Accepted
                ? (BulkRunItem.Done, string.Join("；", i.Changes.Select(c => c.Effect)))
                : (BulkRunItem.Refused, i.Refusal!)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (BulkOperations.IsRefusal(e))
        {
            // The chunk rolled back whole. Its outcome is recorded on its own, and the run goes on with the next chunk.
            db.ChangeTracker.Clear();
            var why = string.Create(CultureInfo.InvariantCulture, $"本批 {chunk.Count} 件已回滚，未作改动：{BulkOperations.Describe(e)}");
            var outcomes = items.Count > 0
                ? items.Select(i => i.Accepted ? (BulkRunItem.Failed, why) : (BulkRunItem.Refused, i.Refusal!))
                : chunk.Select(_ => (BulkRunItem.Failed, why));
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await ClaimAsync(run.Id, cursor, chunk.Count, cancellationToken))
            {
                await RecordAsync(run.Id, chunk, outcomes, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            // The next chunk starts from the database; a failed joined command leaves its changes tracked.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Moves the cursor past the chunk, only if no other runner has: the first statement of the chunk's transaction.</summary>
    private async Task<bool> ClaimAsync(long runId, int cursor, int count, CancellationToken cancellationToken) =>
        await db.Set<BulkRun>().Where(r => r.Id == runId && r.Processed == cursor)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Processed, cursor + count), cancellationToken) == 1;

    /// <summary>The chunk's outcomes (in chunk order) and the run's counters, in the chunk's transaction.</summary>
    private async Task RecordAsync(long runId, List<BulkRunItem> chunk, IEnumerable<(string Outcome, string Note)> outcomes, CancellationToken cancellationToken)
    {
        var (done, refused, failed) = (0, 0, 0);
        foreach (var (item, (outcome, note)) in chunk.Zip(outcomes))
        {
            var text = note.Length > NoteLength ? note[..NoteLength] : note;
            await db.Set<BulkRunItem>().Where(i => i.BulkRunId == runId && i.Position == item.Position)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, outcome).SetProperty(i => i.Note, text), cancellationToken);
            done += outcome == BulkRunItem.Done ? 1 : 0;
            refused += outcome == BulkRunItem.Refused ? 1 : 0;
            failed += outcome == BulkRunItem.Failed ? 1 : 0;
        }
        await db.Set<BulkRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.DoneCount, r => r.DoneCount + done)
            .SetProperty(r => r.RefusedCount, r => r.RefusedCount + refused)
            .SetProperty(r => r.FailedCount, r => r.FailedCount + failed), cancellationToken);
    }
}
