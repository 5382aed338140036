using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Tasks;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.EngineHost;

namespace SupervisionFlow.Web.Domain.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the jurisdiction profile (<c>Handling</c>, checked at start-up), loads the working
    /// calendar from <c>Handling:CalendarPath</c> under <paramref name="contentRoot"/>, and gives the engine the
    /// calendar's expression functions (<c>addWorkingDays</c>, <c>addMonths</c>, <c>addDays</c>, <c>today</c>,
    /// <c>deadline</c>).
    /// </summary>
    public static IServiceCollection AddWorkingCalendar(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);

        // Bound when first resolved, not now, so configuration sources added later (e.g. by tests) are seen.
        services.AddOptions<HandlingProfile>()
            .Configure(profile => HandlingProfileBinder.Bind(configuration.GetSection(HandlingProfile.Section), profile))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HandlingProfile>, HandlingProfileValidator>());

        services.TryAddSingleton(provider =>
        {
            var profile = provider.GetRequiredService<IOptions<HandlingProfile>>().Value;
            return CalendarLoader.LoadDirectory(Path.Combine(contentRoot, profile.CalendarPath));
        });
        services.AddSingleton<IConfigureEngine, CalendarEngineContribution>();
        services.AddHostedService<CalendarStartupCheck>();
        return services;
    }

    private sealed class CalendarEngineContribution(WorkingCalendar calendar, IOptions<HandlingProfile> profile, TimeProvider clock)
        : IConfigureEngine
    {
        public void Configure(ServiceTaskHandlers handlers, ExpressionFunctions functions) =>
            CalendarExpressionFunctions.Register(functions, calendar, profile.Value, clock);
    }
}

/// <summary>
/// Loads the calendar when the host starts, so a malformed file stops start-up instead of the first deadline
/// computation, and warns while this year or the next has no data (3- and 6-month limits reach into the next year;
/// the State Council publishes it around November).
/// </summary>
internal sealed class CalendarStartupCheck(IServiceProvider services, TimeProvider clock, ILogger<CalendarStartupCheck> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var calendar = services.GetRequiredService<WorkingCalendar>();
        var thisYear = ChinaTime.Today(clock).Year;
        foreach (var provisional in calendar.YearData.Where(y => y.Provisional && y.Year >= thisYear))
        {
            logger.LogWarning(
                "工作日历 {Year} 年为暂定数据（仅法定节假日，未含调休安排）/ The {Year} calendar is provisional (statutory days only): "
                + "replace {File} with the State Council's notice once it is published",
                provisional.Year, provisional.Year, provisional.File);
        }
        foreach (var year in new[] { thisYear, thisYear + 1 })
        {
            if (!calendar.Years.Contains(year))
            {
                logger.LogWarning(
                    "工作日历缺少 {Year} 年的节假日数据 / The working calendar has no holiday data for that year: deadlines reaching into it "
                    + "will fail until {File} is added from the State Council's holiday notice",
                    year, Path.Combine(calendar.Directory, $"{year}.json"));
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
