namespace SupervisionFlow.Web.Domain.Archive;

public static class ArchiveServiceCollectionExtensions
{
    /// <summary>
    /// Options (<c>History:Archive</c>), the archiver, its reader and its recurring Hangfire job. A cron Hangfire cannot
    /// parse stops the host at start (<see cref="HistoryArchiveSchedule"/> writes the job then).
    /// </summary>
    public static IServiceCollection AddHistoryArchive(this IServiceCollection services)
    {
        services.AddOptions<HistoryArchiveOptions>().BindConfiguration(HistoryArchiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<HistoryArchiver>();
        services.AddScoped<ArchivedHistoryReader>();
        services.AddTransient<HistoryArchiveJob>();
        services.AddHostedService<HistoryArchiveSchedule>();
        return services;
    }
}
