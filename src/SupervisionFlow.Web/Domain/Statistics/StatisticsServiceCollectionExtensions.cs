using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Domain.Statistics;

public static class StatisticsServiceCollectionExtensions
{
    /// <summary>The dashboard's report cache and the interceptor that keeps it honest on every <see cref="AppDbContext"/>.</summary>
    public static IServiceCollection AddStatisticsCache(this IServiceCollection services)
    {
        services.AddOptions<StatisticsCacheOptions>().BindConfiguration(StatisticsCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StatisticsCache>();
        services.AddSingleton<StatisticsChangeInterceptor>();
        services.ConfigureDbContext<AppDbContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<StatisticsChangeInterceptor>()));
        return services;
    }
}
