using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>Reads a suggestion's engine history back from its archive member when the hot rows were archived.</summary>
public sealed class ArchivedHistoryReader(AppDbContext db, ProcessEngine engine, IOptions<HistoryArchiveOptions> options, IHostEnvironment environment)
{
    public Task<ArchivedSuggestion?> IndexOfAsync(int suggestionId, CancellationToken cancellationToken) =>
        db.Set<ArchivedSuggestion>().AsNoTracking().FirstOrDefaultAsync(a => a.SuggestionId == suggestionId, cancellationToken);

    /// <summary>The archived document of the suggestion, or null when it is not archived.</summary>
    public async Task<ArchivedHistory?> ReadAsync(int suggestionId, CancellationToken cancellationToken)
    {
        var index = await IndexOfAsync(suggestionId, cancellationToken);
        if (index is null)
        {
            return null;
        }
        var path = Path.Combine(options.Value.FullFolder(environment.ContentRootPath), index.FileName);
        return await ArchiveFile.ReadAsync(path, index.Offset, index.Length, index.Sha256, cancellationToken);
    }

    /// <summary>
    /// The activity history of one instance: from the archive when <paramref name="archived"/> holds the instance (an
    /// instance started after archiving keeps its hot rows), else from the engine's hot table.
    /// </summary>
    public async Task<IReadOnlyList<HistoryView>> HistoryAsync(string instanceId, ArchivedHistory? archived, CancellationToken cancellationToken) =>
        archived?.Instances.FirstOrDefault(i => i.Id == instanceId) is { } instance
            ? [.. instance.Activities.Select(a => a.ToView())]
            : await engine.GetHistoryAsync(instanceId, cancellationToken);

    /// <summary>The activity history of an instance by id alone (the engine API): looks the archive up through the instance's business key.</summary>
    public async Task<IReadOnlyList<HistoryView>> HistoryAsync(ProcessInstanceView instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var hot = await engine.GetHistoryAsync(instance.Id, cancellationToken);
        // Every instance records at least its start event, so an empty hot history of an ended instance is the sign of
        // an archived one: only then is the index read.
        if (hot.Count > 0 || instance.EndedAt is null
            || !int.TryParse(instance.BusinessKey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var suggestionId))
        {
            return hot;
        }
        return await HistoryAsync(instance.Id, await ReadAsync(suggestionId, cancellationToken), cancellationToken);
    }
}
