using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The Quartz scheduler that paces the outbox and the reminder scan.</summary>
    public const string SchedulerName = "supervisionflow-notifications";

    /// <summary>
    /// Options (<c>Notifications</c>), the mail and SMS senders, the recipient directory, the notices, and two Quartz
    /// jobs: the outbox dispatch (every <c>Dispatch:IntervalSeconds</c>) and the reminder scan (every
    /// <c>Reminders:IntervalMinutes</c>).
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

        // A scheduler of its own: the engine's sweep scheduler is already configured (AddQuartz with a name is
        // registered once), and both run on real time — what is due is decided by the engine's clock inside the jobs.
        services.AddQuartz(SchedulerName, quartz =>
        {
            quartz.UseInMemoryStore();
            // Nothing here needs to survive a restart: pending mail is outbox rows, reminders are dedup keys.
            quartz.UseTimeProvider(TimeProvider.System);
            quartz.ScheduleJob<OutboxDispatchJob>(
                (provider, trigger) =>
                {
                    var seconds = provider.GetRequiredService<IOptions<NotificationsOptions>>().Value.Dispatch.IntervalSeconds;
                    trigger.WithIdentity("notifications-outbox-dispatch")
                        .StartNow()
                        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(seconds)).RepeatForever());
                },
                (_, job) => job.WithIdentity("notifications-outbox-dispatch"));
            quartz.ScheduleJob<ReminderScanJob>(
                (provider, trigger) =>
                {
                    var minutes = provider.GetRequiredService<IOptions<NotificationsOptions>>().Value.Reminders.IntervalMinutes;
                    trigger.WithIdentity("notifications-reminder-scan")
                        // Give start-up (migration, deployment) a head start before the first scan.
                        .StartAt(TimeProvider.System.GetUtcNow().AddSeconds(30))
                        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(minutes)).RepeatForever());
                },
                (_, job) => job.WithIdentity("notifications-reminder-scan"));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }
}
