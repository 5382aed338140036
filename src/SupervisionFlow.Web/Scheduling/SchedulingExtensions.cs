using Microsoft.Extensions.Options;
using Quartz;

namespace SupervisionFlow.Web.Scheduling;

public static class SchedulingExtensions
{
    public const string SchedulerName = "supervisionflow";

    /// <summary>Quartz with one job: the due-job sweep, every <c>Engine:Sweep:IntervalSeconds</c>.</summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SweepOptions>().BindConfiguration(SweepOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The RAM job store is enough: the truth about timers is the engine's job rows, claimed by a conditional
        // update, so every node may sweep and none fires a timer another node has claimed. Nothing Quartz holds needs
        // to survive a restart or be shared across nodes.
        // A named scheduler: UseTimeProvider on the default scheduler registers its clock as the container's
        // unkeyed TimeProvider, replacing the engine's clock; a named scheduler keeps its clock to itself.
        builder.Services.AddQuartz(SchedulerName, quartz =>
        {
            quartz.UseInMemoryStore();
            // Without a clock of its own Quartz would take the container's TimeProvider, the engine's clock: a manual
            // clock that never moves would stop the sweep itself. The sweep paces on real time; what is due is
            // decided by the engine's clock inside FireDueJobsAsync.
            quartz.UseTimeProvider(TimeProvider.System);
            quartz.ScheduleJob<DueJobSweep>(
                (services, trigger) =>
                {
                    var sweep = services.GetRequiredService<IOptions<SweepOptions>>().Value;
                    trigger.WithIdentity("engine-due-job-sweep")
                        .StartNow()
                        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(sweep.IntervalSeconds)).RepeatForever());
                },
                (_, job) => job.WithIdentity("engine-due-job-sweep"));
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }
}
