using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Statistics;

/// <summary>
/// The dashboard's report cache: a second request within its lifetime gets the report already built; a change saved
/// through the host's contexts (a filing, a state change) is in the next report at once; 0 seconds turns it off.
/// </summary>
public sealed class StatisticsCacheTests
{
    private static Task<StatisticsReport> CachedAsync(WebWorld world, StatisticsFilter filter) =>
        world.WithScopeAsync(services =>
        {
            var statistics = services.GetRequiredService<SuggestionStatistics>();
            return services.GetRequiredService<StatisticsCache>().GetOrBuildAsync(filter, token => statistics.BuildAsync(filter, token));
        });

    [Fact]
    public async Task GetOrBuild_SecondRequest_ServesTheBuiltReport()
    {
        await using var world = await WebWorld.StartAsync();
        await world.SubmitAsync();

        var first = await CachedAsync(world, new StatisticsFilter());
        var second = await CachedAsync(world, new StatisticsFilter());

        Assert.Equal(1, first.Total);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task GetOrBuild_AfterAFilingAndAStateChange_ShowsThem()
    {
        await using var world = await WebWorld.StartAsync();
        var id = await world.SubmitAsync();
        var before = await CachedAsync(world, new StatisticsFilter());

        await world.SubmitAsync("关于增设老旧小区充电设施的建议");
        var afterFiling = await CachedAsync(world, new StatisticsFilter());
        await world.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var suggestion = await db.Set<Suggestion>().SingleAsync(s => s.Id == id);
            suggestion.State = SuggestionState.Withdrawn;
            return await db.SaveChangesAsync();
        });
        var afterChange = await CachedAsync(world, new StatisticsFilter());

        Assert.Equal(1, before.Total);
        Assert.Equal(2, afterFiling.Total);
        Assert.Contains(afterChange.ByState, r => r.Key == nameof(SuggestionState.Withdrawn) && r.Count == 1);
        Assert.DoesNotContain(afterFiling.ByState, r => r.Key == nameof(SuggestionState.Withdrawn));
    }

    [Fact]
    public async Task GetOrBuild_CacheSecondsZero_BuildsEveryTime()
    {
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?> { ["Statistics:CacheSeconds"] = "0" });
        await world.SubmitAsync();

        var first = await CachedAsync(world, new StatisticsFilter());
        var second = await CachedAsync(world, new StatisticsFilter());

        Assert.NotSame(first, second);
        Assert.Equal(first.Total, second.Total);
    }
}
