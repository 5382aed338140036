using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>The Hangfire Dashboard, for administrators (<see cref="Policies.Admin"/>).</summary>
    public const string DashboardPath = "/Admin/Hangfire";

    /// <summary>
    /// Workers run queued Hangfire jobs; the only one is the reminder scan (the sweep and the outbox dispatch are loops
    /// beside the workers), so two are enough and keep a test host's start and stop cheap.
    /// </summary>
    public const int WorkerCount = 2;

    /// <summary>
    /// Hangfire on the configured database (<see cref="SchedulingStorage"/>), a Hangfire server on this node, and the
    /// due-job sweep (<see cref="DueJobSweep"/>) as a loop of that server every <c>Engine:Sweep:IntervalSeconds</c>.
    /// Features add their own work as <see cref="IBackgroundProcess"/> services or recurring jobs.
    /// </summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SweepOptions>().BindConfiguration(SweepOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);

        // Registered before AddHangfire, which only adds what is missing: each host gets its own storage and job
        // activator instead of Hangfire's process-wide JobStorage.Current and JobActivator.Current, so hosts that
        // share a process (tests, tools) never run each other's jobs or write to each other's storage. The container
        // disposes the storage with the host (Hangfire.Storage.SQLite closes its connections).
        services.AddSingleton(provider =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
            var connectionString = DatabaseExtensions.ResolveConnectionString(
                provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>(), database);
            return SchedulingStorage.Create(database, connectionString);
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(provider.GetRequiredService<ILoggerFactory>())));

        services.AddSingleton<IBackgroundProcess, DueJobSweep>();
        // SQLite has no automatic statistics: a recurring job keeps the planner's (SqliteStatistics).
        services.AddTransient<SqliteStatisticsJob>();
        services.AddHostedService<SqliteStatisticsSchedule>();
        // Every node runs a server over the shared storage. Hangfire's own clocks (heartbeats, the recurring-job
        // schedule) are real time and never the container's TimeProvider, which may be the engine's manual clock.
        services.AddHangfireServer((_, options) =>
        {
            options.WorkerCount = WorkerCount;
            // The loops return within a moment of the stop signal; a job still running after this is abandoned and
            // runs again elsewhere (the reminder scan is idempotent).
            options.StopTimeout = TimeSpan.FromSeconds(5);
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>
    /// The Hangfire Dashboard at <see cref="DashboardPath"/>, behind our own <see cref="Policies.Admin"/> policy (the
    /// cookie sign-in redirects visitors to the login page and other roles to the 403 page, as every admin page does),
    /// not Hangfire's local-requests-only filter. Mapped after the database is migrated: creating the storage prepares
    /// Hangfire's schema in the application's database on PostgreSQL and SQL Server.
    /// </summary>
    public static WebApplication MapSchedulingDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, DashboardPath, new DashboardOptions
        {
            AppPath = "/Admin/Jobs",
            DashboardTitle = "后台任务（Hangfire）",
            // The PostgreSQL/SQL Server connection string carries a password.
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }
}
