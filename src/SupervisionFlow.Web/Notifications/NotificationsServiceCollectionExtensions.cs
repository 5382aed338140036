using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Hangfire.Server;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Options (<c>Notifications</c>), the mail and SMS senders, the recipient directory, the notices, and their
    /// Hangfire work: the outbox dispatch (a loop every <c>Dispatch:IntervalSeconds</c>) and the reminder scan (a
    /// recurring job every <c>Reminders:IntervalMinutes</c>). The host's <c>AddScheduling</c> runs the Hangfire server.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>();

        // The host's DbContext maps the outbox (AppDbContext applies NotificationsModel); tests may register their own first.
        services.TryAddSingleton(provider =>
        {
            var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
            return new NotificationsDb(() => contexts.CreateDbContext());
        });
        // The working calendar, unless the domain registered it already (it reads the same directory).
        services.TryAddSingleton(provider =>
        {
            var configured = provider.GetRequiredService<IConfiguration>()["Handling:CalendarPath"];
            var root = provider.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return CalendarLoader.LoadDirectory(Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "workflows/calendars" : configured, root));
        });

        services.AddSingleton<IMailSender>(provider => new SmtpMailSender(
            provider.GetRequiredService<IOptions<NotificationsOptions>>().Value,
            provider.GetRequiredService<IHostEnvironment>().ContentRootPath,
            provider.GetRequiredService<TimeProvider>()));
        services.AddHttpClient<ISmsSender, HttpSmsSender>();
        services.AddSingleton<RecipientDirectory>();
        services.AddSingleton<SuggestionNotices>();
        services.AddTransient<OutboxDispatcher>();
        services.AddTransient<ReminderScanner>();

        // Run by the host's Hangfire server (AddScheduling): the dispatch as a loop on every node, the scan as a
        // recurring job. Both run on real time; what is due is decided by the engine's clock inside them.
        services.AddSingleton<IBackgroundProcess, OutboxDispatchProcess>();
        services.AddTransient<ReminderScanJob>();
        services.AddHostedService<ReminderScanSchedule>();
        return builder;
    }
}
