using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>
/// What every 待办 request showed from tables that change rarely, cached for the node (issue #10: two of the eight
/// queries per request were these): the sessions on record (the session filter's choices) and every handling unit's
/// name and whether it is active (the unit filter's choices, the unit column). Dropped when this node saves a
/// suggestion or a unit — the dashboard's <see cref="StatisticsChangeInterceptor"/> already watches exactly those rows
/// and bumps <see cref="StatisticsCache.Generation"/> — and after <see cref="StatisticsCacheOptions.CacheSeconds"/>,
/// which bounds how stale it can be after another node's change.
/// </summary>
public sealed class InboxDirectory(StatisticsCache changes, TimeProvider clock, IOptions<StatisticsCacheOptions> options)
{
    private Snapshot? _current;

    /// <summary>The sessions on record, ascending, and every unit (id, name, active) by id.</summary>
    public sealed record Snapshot(IReadOnlyList<int> Sessions, IReadOnlyList<UnitEntry> Units, IReadOnlyDictionary<string, string> NameOf, long Generation, DateTimeOffset ExpiresAt);

    public sealed record UnitEntry(string Id, string Name, bool IsActive);

    public async Task<Snapshot> GetAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        // Read before loading: a change saved while loading leaves the new snapshot already stale.
        var generation = changes.Generation;
        var cached = Volatile.Read(ref _current);
        if (cached is not null && cached.Generation == generation && cached.ExpiresAt > now)
        {
            return cached;
        }
        var sessions = await db.Set<Suggestion>().AsNoTracking().Select(s => s.Session).Distinct().OrderBy(s => s)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var units = await db.Set<HandlingUnit>().AsNoTracking().OrderBy(u => u.Id)
            .Select(u => new UnitEntry(u.Id, u.Name, u.IsActive))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = new Snapshot(sessions, units, units.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal),
            generation, now + TimeSpan.FromSeconds(options.Value.CacheSeconds));
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }
}
