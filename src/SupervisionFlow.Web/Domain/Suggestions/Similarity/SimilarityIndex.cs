using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Domain.Suggestions.Similarity;

/// <summary>One suggestion as the index holds it: what a result shows and the bigram sets it is compared by.</summary>
public sealed record IndexedSuggestion(
    int Id, SuggestionKind Kind, int Number, string Title, SuggestionState State, DisclosureConsent Disclosure, int LeadDeputyId,
    int[] TitleBigrams, int[] ContentBigrams)
{
    public string DisplayNumber => $"第{Number}号";
}

/// <summary>
/// The bigram sets of every suggestion of a session (届次+会次), kept in memory so that a query compares against them
/// without reading 10,000 contents from the database again. A session's entry is reused while its count and highest
/// id are unchanged (two small aggregate queries per lookup: a new filing on any node is seen at once, and only the new
/// rows are read and added) and it is younger
/// than <see cref="SimilarityOptions.CacheSeconds"/> (a revised text or a new state is seen within that time, or at
/// once on this node after <see cref="Invalidate"/>).
/// </summary>
public sealed class SimilarityIndex(TimeProvider clock, IOptions<SimilarityOptions> options)
{
    private readonly ConcurrentDictionary<(int Term, int Session), SessionEntry> _sessions = new();

    public async Task<SessionSnapshot> GetAsync(DbContext db, int term, int session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var suggestions = db.Set<Suggestion>().AsNoTracking().Where(s => s.Term == term && s.Session == session);
        var count = await suggestions.CountAsync(cancellationToken);
        var maxId = await suggestions.MaxAsync(s => (int?)s.Id, cancellationToken) ?? 0;
        var now = clock.GetUtcNow();
        if (_sessions.TryGetValue((term, session), out var cached) && cached.Count == count && cached.MaxId == maxId
            && now - cached.LoadedAt < TimeSpan.FromSeconds(options.Value.CacheSeconds))
        {
            return cached.Snapshot;
        }
        // New filings only (ids above the highest indexed, and nothing else changed in number): index just those.
        if (cached is not null && now - cached.LoadedAt < TimeSpan.FromSeconds(options.Value.CacheSeconds) && maxId > cached.MaxId)
        {
            var added = await LoadAsync(suggestions.Where(s => s.Id > cached.MaxId), cancellationToken);
            if (cached.Count + added.Length == count)
            {
                var grown = new SessionEntry(count, maxId, cached.LoadedAt, new SessionSnapshot([.. cached.Snapshot.Items, .. added]));
                _sessions[(term, session)] = grown;
                return grown.Snapshot;
            }
        }
        var snapshot = new SessionSnapshot(await LoadAsync(suggestions, cancellationToken));
        _sessions[(term, session)] = new SessionEntry(count, maxId, now, snapshot);
        return snapshot;
    }

    /// <summary>One projection query (no navigation, no tracking); the bigrams are computed here from the text.</summary>
    private static async Task<IndexedSuggestion[]> LoadAsync(IQueryable<Suggestion> suggestions, CancellationToken cancellationToken)
    {
        var rows = await suggestions
            .Select(s => new { s.Id, s.Kind, s.Number, s.Title, s.Content, s.State, s.Disclosure, s.LeadDeputyId })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IndexedSuggestion(
            r.Id, r.Kind, r.Number, r.Title, r.State, r.Disclosure, r.LeadDeputyId, Bigrams.OfTitle(r.Title), Bigrams.Of(r.Content)))];
    }

    /// <summary>Forgets a session's entry after a change made on this node (a merge), so the next query reads it afresh.</summary>
    public void Invalidate(int term, int session) => _sessions.TryRemove((term, session), out _);

    private sealed record SessionEntry(int Count, int MaxId, DateTimeOffset LoadedAt, SessionSnapshot Snapshot);
}
