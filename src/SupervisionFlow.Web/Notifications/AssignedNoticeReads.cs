using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// What a 交办 notice reads (the suggestion with its units and co-signers, the unit names, the deputies, whether each
/// notice is stored already), read for a whole batch of notices at once and kept beside the batch's DbContext: a
/// 交办会 chunk's notice service tasks run hundreds to a transaction, and read one by one they cost seven queries each.
/// Each suggestion's reads are taken once: a second notice of the same suggestion on the same context reads afresh.
/// Reads see the database as the batch's transaction does, which is what the notice read one by one saw (its queries
/// do not see the context's unsaved changes either).
/// </summary>
internal sealed class AssignedNoticeReads
{
    // SQLite and PostgreSQL both take far more parameters; this keeps each IN list to a modest statement.
    private const int KeysPerQuery = 500;

    private static readonly ConditionalWeakTable<DbContext, AssignedNoticeReads> PerContext = [];

    private readonly Dictionary<int, Inputs> _pending = [];

    /// <summary>One suggestion's inputs: the suggestion, its active units (id, name) in notice order, its deputies, the stored keys among its notices'.</summary>
    public sealed record Inputs(Suggestion Suggestion, List<(string Id, string Name)> Units, List<(Deputy Deputy, bool IsLead)> Deputies, IReadOnlySet<string> CheckedKeys, IReadOnlySet<string> StoredKeys);

    /// <summary>
    /// The inputs of <paramref name="suggestionId"/>'s notice: from an earlier batch read on <paramref name="db"/>, or read
    /// now together with those of <paramref name="alongWith"/> (the suggestions whose notices this context writes next).
    /// Throws when the suggestion does not exist, as the notice read alone does.
    /// </summary>
    public static async Task<Inputs> TakeAsync(
        DbContext db, int suggestionId, Func<IReadOnlyCollection<int>> alongWith, Func<int, int, string> noticeKey, CancellationToken cancellationToken)
    {
        var reads = PerContext.GetValue(db, _ => new AssignedNoticeReads());
        if (!reads._pending.Remove(suggestionId, out var inputs))
        {
            var ids = alongWith().Where(id => id != suggestionId && !reads._pending.ContainsKey(id)).Append(suggestionId).Distinct().ToList();
            await reads.ReadAsync(db, ids, noticeKey, cancellationToken).ConfigureAwait(false);
            if (!reads._pending.Remove(suggestionId, out inputs))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Suggestion {suggestionId} does not exist; no notice written."));
            }
        }
        return inputs;
    }

    private async Task ReadAsync(DbContext db, List<int> ids, Func<int, int, string> noticeKey, CancellationToken cancellationToken)
    {
        var suggestions = await db.Set<Suggestion>().AsNoTracking()
            .Include(s => s.Units)
            .Include(s => s.CoSigners)
            .AsSplitQuery()
            .Where(s => ids.Contains(s.Id))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var unitIds = suggestions.SelectMany(s => s.Units).Where(u => u.IsActive).Select(u => u.UnitId).Distinct(StringComparer.Ordinal).ToList();
        var unitNames = await db.Set<HandlingUnit>().AsNoTracking()
            .Where(u => unitIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken).ConfigureAwait(false);
        var deputyIds = suggestions.SelectMany(DeputyOrder).Distinct().ToList();
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, cancellationToken).ConfigureAwait(false);

        var keys = new Dictionary<int, HashSet<string>>();
        foreach (var suggestion in suggestions)
        {
            keys[suggestion.Id] = [.. DeputyOrder(suggestion).SelectMany(d => new[] { noticeKey(suggestion.Id, d), noticeKey(suggestion.Id, d) + ":sms" })];
        }
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slice in keys.Values.SelectMany(k => k).Chunk(KeysPerQuery))
        {
            stored.UnionWith(await db.Set<OutboxMessage>().AsNoTracking().Where(m => slice.Contains(m.DedupKey)).Select(m => m.DedupKey)
                .ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        foreach (var suggestion in suggestions)
        {
            var active = suggestion.Units.Where(u => u.IsActive).OrderBy(u => u.Role).ThenBy(u => u.Id).ToList();
            var order = DeputyOrder(suggestion).ToList();
            var checkedKeys = keys[suggestion.Id];
            _pending[suggestion.Id] = new Inputs(
                suggestion,
                [.. active.Select(u => (u.UnitId, unitNames.GetValueOrDefault(u.UnitId, u.UnitId)))],
                [.. order.Where(deputies.ContainsKey).Select(id => (deputies[id], id == suggestion.LeadDeputyId))],
                checkedKeys,
                checkedKeys.Where(stored.Contains).ToHashSet(StringComparer.Ordinal));
        }
    }

    /// <summary>The lead deputy first, then the co-signers by their row order, each once.</summary>
    internal static IEnumerable<int> DeputyOrder(Suggestion suggestion) =>
        new[] { suggestion.LeadDeputyId }
            .Concat(suggestion.CoSigners.OrderBy(c => c.Id).Select(c => c.DeputyId).Where(id => id != suggestion.LeadDeputyId))
            .Distinct();
}
