using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Import;

namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>
/// Moves the engine history (activity and variable rows) of closed suggestions of old terms into archive files, a
/// chunk at a time: select up to <see cref="HistoryArchiveOptions.ChunkSize"/> suggestions, write and fsync their
/// file, then in one transaction delete their hot rows and write their index rows. The suggestion rows, their
/// handling records, audit entries and the engine's instance rows stay, so lists, statistics, numbers and the
/// timeline do not change. A crash or failure before the commit leaves the hot rows intact and at most an orphan
/// file no index row names; the next run archives those suggestions again into a new file.
/// </summary>
public sealed class HistoryArchiver(
    AppDbContext db,
    IOptions<HistoryArchiveOptions> options,
    IOptions<SuggestionChoices> choices,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<HistoryArchiver> logger)
{
    private sealed record Candidate(int Id, int Term, int Session, int Number, string BusinessKey);

    /// <summary>
    /// Archives every eligible suggestion and records the run (also when it failed, with the reason); returns the run.
    /// A suggestion is eligible when its term is before <see cref="HistoryArchiveRun.BeforeTerm"/>, it has process
    /// instances and every one of them has ended, and it is not archived yet.
    /// </summary>
    public async Task<HistoryArchiveRun> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var watch = Stopwatch.StartNew();
        var run = new HistoryArchiveRun { Trigger = trigger, State = HistoryArchiveRun.Done, StartedAt = clock.GetUtcNow().UtcDateTime };
        try
        {
            // The term (届) is explicit on every suggestion; the current one is the configured term of the portal,
            // else the newest any suggestion has.
            var current = choices.Value.CurrentTerm ?? await db.Set<Suggestion>().MaxAsync(s => (int?)s.Term, cancellationToken) ?? 0;
            run.BeforeTerm = current - settings.RetainTerms;
            var after = 0;
            while (true)
            {
                var chunk = await NextChunkAsync(run.BeforeTerm, after, settings.ChunkSize, cancellationToken);
                if (chunk.Count == 0)
                {
                    break;
                }
                after = chunk[^1].Id;
                await ArchiveChunkAsync(chunk, settings.FullFolder(environment.ContentRootPath), run, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The failed chunk rolled back (its hot rows are intact); the chunks before it stay archived.
            logger.LogError(ex, "History archiving failed after {Suggestions} suggestion(s)", run.Suggestions);
            run.State = HistoryArchiveRun.Failed;
            run.Error = ex.Message.Length > 4000 ? ex.Message[..4000] : ex.Message;
        }
        run.Seconds = watch.Elapsed.TotalSeconds;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        db.ChangeTracker.Clear();
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        if (run.Suggestions > 0)
        {
            logger.LogInformation("History archiving moved {Suggestions} suggestion(s), {Instances} instance(s) in {Chunks} chunk(s)", run.Suggestions, run.Instances, run.Chunks);
        }
        return run;
    }

    private async Task<List<Candidate>> NextChunkAsync(int beforeTerm, int after, int size, CancellationToken cancellationToken)
    {
        var instances = db.Set<ProcessInstanceRecord>();
        var archived = db.Set<ArchivedSuggestion>();
        return await db.Set<Suggestion>().AsNoTracking()
            .Where(s => s.Term < beforeTerm && s.Id > after && s.BusinessKey != null)
            .Where(s => !archived.Any(a => a.SuggestionId == s.Id))
            .Where(s => instances.Any(i => i.BusinessKey == s.BusinessKey))
            .Where(s => !instances.Any(i => i.BusinessKey == s.BusinessKey && i.EndedAt == null))
            .OrderBy(s => s.Id)
            .Take(size)
            .Select(s => new Candidate(s.Id, s.Term, s.Session, s.Number, s.BusinessKey!))
            .ToListAsync(cancellationToken);
    }

    private async Task ArchiveChunkAsync(List<Candidate> chunk, string folder, HistoryArchiveRun run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var keys = chunk.Select(c => c.BusinessKey).ToList();
        var instances = await db.Set<ProcessInstanceRecord>().AsNoTracking()
            .Where(i => i.BusinessKey != null && keys.Contains(i.BusinessKey)).ToListAsync(cancellationToken);
        var ids = instances.Select(i => i.Id).ToList();
        var activities = (await db.Set<HistoryActivityRecord>().AsNoTracking().Where(h => ids.Contains(h.ProcessInstanceId)).ToListAsync(cancellationToken))
            .ToLookup(h => h.ProcessInstanceId, StringComparer.Ordinal);
        var variables = (await db.Set<HistoryVariableRecord>().AsNoTracking().Where(h => ids.Contains(h.ProcessInstanceId)).ToListAsync(cancellationToken))
            .ToLookup(h => h.ProcessInstanceId, StringComparer.Ordinal);
        var byKey = instances.ToLookup(i => i.BusinessKey!, StringComparer.Ordinal);
        var documents = chunk.Select(c => new ArchivedHistory(c.Id, c.Term, c.Session, c.Number, now, [.. byKey[c.BusinessKey]
            .OrderBy(i => i.StartedAt).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => new ArchivedInstance(i.Id, i.DefinitionId, i.DefinitionKey, i.State, i.StartedAt, i.EndedAt,
                [.. activities[i.Id].OrderBy(h => h.Sequence).Select(ArchivedActivity.From)],
                [.. variables[i.Id].OrderBy(h => h.Id).Select(ArchivedVariable.From)]))])).ToList();
        var activityCount = activities.Sum(g => g.Count());
        var variableCount = variables.Sum(g => g.Count());

        // A new name every time (time, id range, random tail): a file is never overwritten, so an index row committed
        // by another run can never point at bytes a later run rewrote.
        var fileName = string.Create(CultureInfo.InvariantCulture,
            $"history-{now:yyyyMMdd'T'HHmmss}-{chunk[0].Id}-{chunk[^1].Id}-{Guid.NewGuid().ToString("N")[..8]}.jsonl.gz");
        var members = await ArchiveFile.WriteAsync(Path.Combine(folder, fileName), documents, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deletedActivities = await db.Set<HistoryActivityRecord>().Where(h => ids.Contains(h.ProcessInstanceId)).ExecuteDeleteAsync(cancellationToken);
        var deletedVariables = await db.Set<HistoryVariableRecord>().Where(h => ids.Contains(h.ProcessInstanceId)).ExecuteDeleteAsync(cancellationToken);
        if (deletedActivities != activityCount || deletedVariables != variableCount)
        {
            // Rows were written after the file was: deleting them would lose them. Roll back; the next run retries.
            throw new InvalidOperationException(
                $"History of suggestions {chunk[0].Id}–{chunk[^1].Id} changed while it was archived ({activityCount}/{variableCount} rows written, {deletedActivities}/{deletedVariables} found); left as it was.");
        }
        var documentsById = documents.ToDictionary(d => d.SuggestionId);
        db.AddRange(members.Select(m =>
        {
            var document = documentsById[m.SuggestionId];
            return new ArchivedSuggestion
            {
                SuggestionId = m.SuggestionId, Term = document.Term, FileName = fileName, Offset = m.Offset, Length = m.Length, Sha256 = m.Sha256,
                Instances = document.Instances.Count,
                ActivityRows = document.Instances.Sum(i => i.Activities.Count),
                VariableRows = document.Instances.Sum(i => i.Variables.Count),
                ArchivedAt = now,
            };
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();

        run.Chunks++;
        run.Suggestions += chunk.Count;
        run.Instances += instances.Count;
        run.ActivityRows += activityCount;
        run.VariableRows += variableCount;
    }
}
