using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Domain.Statistics;

/// <summary>
/// A short-lived cache of <see cref="StatisticsReport"/>s per filter (issue #10: every figure of a 10,000-suggestion
/// session in &lt; 200 ms). The dashboard builds the report twice per view (the page and its chart data) and leaders
/// reload it during a session; each build is eight grouped queries. Covers the whole report: headline counts, the
/// state/category/kind/source/result-class figures, the per-unit table, satisfaction, on-time replies, the overdue list
/// and the key suggestions. An entry is dropped when this node saves a change to the rows behind the figures
/// (<see cref="StatisticsChangeInterceptor"/> bumps <see cref="Generation"/>), when the China date changes (overdue is a
/// date rule) and after <see cref="StatisticsCacheOptions.CacheSeconds"/>.
/// </summary>
public sealed class StatisticsCache(TimeProvider clock, IOptions<StatisticsCacheOptions> options)
{
    // A handful of filters are in use at a time (届次 × 会次 × kind); expired ones are swept when the map grows past this.
    private const int SweepAbove = 64;

    private readonly ConcurrentDictionary<(StatisticsFilter Filter, DateOnly Today), Entry> _entries = new();

    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Something behind the figures changed: no report built before now is served again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public async Task<StatisticsReport> GetOrBuildAsync(
        StatisticsFilter filter, Func<CancellationToken, Task<StatisticsReport>> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(build);
        var lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        if (lifetime <= TimeSpan.Zero)
        {
            return await build(cancellationToken);
        }
        var key = (filter, ChinaTime.Today(clock));
        var now = clock.GetUtcNow();
        // Read before building: a change saved while the report is built leaves the entry already stale.
        var generation = Generation;
        if (_entries.TryGetValue(key, out var cached) && cached.Generation == generation && cached.ExpiresAt > now)
        {
            return cached.Report;
        }
        var report = await build(cancellationToken);
        _entries[key] = new Entry(report, generation, now + lifetime);
        if (_entries.Count > SweepAbove)
        {
            foreach (var old in _entries.Where(e => e.Value.ExpiresAt <= now || e.Value.Generation != generation).ToList())
            {
                _entries.TryRemove(old);
            }
        }
        return report;
    }

    private sealed record Entry(StatisticsReport Report, long Generation, DateTimeOffset ExpiresAt);
}
