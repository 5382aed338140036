using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Domain.Archive;
using SupervisionFlow.Web.Notifications;
using static SupervisionFlow.Web.Features.EngineApi.ProcessInstancesEndpoints;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>Timers (waiting and firing) and incidents (service tasks that ran out of retries).</summary>
public static class JobsEndpoints
{
    public sealed record FireDueResponse(int Fired);

    public sealed record ReminderScanResponse(int Written);

    public sealed record ArchiveRunResponse(long Id, string State, int BeforeTerm, int Chunks, int Suggestions, int Instances, int ActivityRows, int VariableRows, double Seconds, string? Error);

    public sealed record TimerResponse(string Id, string ProcessInstanceId, string ActivityId, DateTime? DueAt, string? Period, int RemainingRepeats);

    public static RouteGroupBuilder MapJobsAndIncidents(this RouteGroupBuilder group)
    {
        group.MapPost("/timers/fire-due", async (ProcessEngine engine, CancellationToken cancellationToken) =>
                TypedResults.Ok(new FireDueResponse(await engine.FireDueJobsAsync(cancellationToken).ConfigureAwait(false))))
            .WithName("FireDueTimers")
            .WithSummary("Fires now every timer (and service-task retry) due at the engine's clock, including those that fall due as a result.");

        // The recurring scan runs on Hangfire's minute-grained schedule; operators (and the crash trials, which move a
        // manual clock by hours) run it now. Written reminders go out through the outbox like the scheduled ones.
        group.MapPost("/reminders/scan", async (ReminderScanner scanner, IOptions<NotificationsOptions> options, CancellationToken cancellationToken) =>
                options.Value.Reminders.Enabled
                    ? TypedResults.Ok(new ReminderScanResponse(await scanner.ScanAsync(cancellationToken).ConfigureAwait(false)))
                    : ApiProblems.BadRequest("Reminders are off (Notifications:Reminders:Enabled is false)."))
            .WithName("ScanReminders")
            .WithSummary("Writes every reminder due at the engine's clock into the outbox now; returns how many were written.")
            .Produces<ReminderScanResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        // The recurring archive job runs nightly; operators run it now (after changing the retention, before a backup).
        group.MapPost("/archive/run", async (HistoryArchiver archiver, IOptions<HistoryArchiveOptions> options, CancellationToken cancellationToken) =>
            {
                if (!options.Value.Enabled)
                {
                    return ApiProblems.BadRequest("History archiving is off (History:Archive:Enabled is false).");
                }
                var run = await archiver.RunAsync("api", cancellationToken).ConfigureAwait(false);
                return TypedResults.Ok(new ArchiveRunResponse(
                    run.Id, run.State, run.BeforeTerm, run.Chunks, run.Suggestions, run.Instances, run.ActivityRows, run.VariableRows, run.Seconds, run.Error));
            })
            .WithName("RunHistoryArchive")
            .WithSummary("Archives now the engine history of closed suggestions of terms past the retention; returns the run (state Failed with the reason when a chunk failed and was rolled back).")
            .Produces<ArchiveRunResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/timers", async (string? processInstanceId, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var timers = await engine.GetTimersAsync(Blank(processInstanceId), cancellationToken).ConfigureAwait(false);
                return TypedResults.Ok(timers.Select(t => new TimerResponse(t.Id, t.ProcessInstanceId, t.ActivityId, t.DueAt, t.Period, t.RemainingRepeats)).ToList());
            })
            .WithName("FindTimers")
            .WithSummary("Waiting timers, optionally of one instance.");

        group.MapGet("/incidents", async (string? processInstanceId, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var incidents = await engine.GetIncidentsAsync(Blank(processInstanceId), cancellationToken).ConfigureAwait(false);
                return TypedResults.Ok(incidents.Select(IncidentResponse.From).ToList());
            })
            .WithName("FindIncidents")
            .WithSummary("Open incidents: service tasks that failed after all their retries.");

        group.MapPost("/incidents/{id}/retry", async (string id, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                await engine.RetryIncidentAsync(id, cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("RetryIncident")
            .WithSummary("Gives the failed job its retries back and runs it now.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }
}
