using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>
/// Process instance modification over REST: due times of tasks and timers, token moves and skips. Each call is one
/// command of the engine's runner with its audit entry (actor <c>api</c>), so the change and its record commit together.
/// </summary>
public static class OperationsEndpoints
{
    public sealed record DueRequest(DateTime? DueAt, string? Reason);

    public sealed record MoveRequest(string FromActivityId, string ToActivityId, string? ExecutionId, string? Reason);

    public sealed record SkipRequest(string ActivityId, string? ExecutionId, string? Reason);

    private const string ApiActor = "api";

    public static RouteGroupBuilder MapOperations(this RouteGroupBuilder group)
    {
        group.MapPost("/tasks/{id}/due", (string id, DueRequest request, ProcessEngine engine, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
                RunAsync(engine, db, clock, request.Reason, InstanceOperations.TaskDueChanged, (unit, token) => unit.ChangeTaskDueAsync(id, request.DueAt, token),
                    c => $"{c.ActivityId} {c.OldDueAt:O} → {c.NewDueAt:O}", cancellationToken))
            .WithName("ChangeTaskDue")
            .WithSummary("Sets an open task's due time (null clears it); audited.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/timers/{id}/due", (string id, DueRequest request, ProcessEngine engine, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
                request.DueAt is not { } due
                    ? Task.FromResult<IResult>(ApiProblems.BadRequest("dueAt is required."))
                    : RunAsync(engine, db, clock, request.Reason, InstanceOperations.TimerDueChanged, (unit, token) => unit.ChangeTimerDueAsync(id, due.ToUniversalTime(), token),
                        c => $"{c.ActivityId} {c.OldDueAt:O} → {c.NewDueAt:O}", cancellationToken))
            .WithName("ChangeTimerDue")
            .WithSummary("Sets a waiting timer's due time; audited.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/process-instances/{id}/move", (string id, MoveRequest request, ProcessEngine engine, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
                RunAsync(engine, db, clock, request.Reason, InstanceOperations.Moved,
                    (unit, token) => unit.MoveAsync(id, request.FromActivityId, request.ToActivityId, request.ExecutionId, token),
                    m => $"{m.FromActivityId} → {m.ToActivityId}（{m.Tokens}）", cancellationToken))
            .WithName("MoveToken")
            .WithSummary("Cancels the activity fromActivityId and starts toActivityId in the same scope; audited.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/process-instances/{id}/skip", (string id, SkipRequest request, ProcessEngine engine, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
                RunAsync(engine, db, clock, request.Reason, InstanceOperations.Skipped,
                    (unit, token) => unit.SkipAsync(id, request.ActivityId, request.ExecutionId, token),
                    m => $"{m.FromActivityId}（{m.Tokens}）", cancellationToken))
            .WithName("SkipActivity")
            .WithSummary("Cancels the activity and takes its outgoing flows as if it had completed; audited.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> RunAsync<T>(
        ProcessEngine engine, AppDbContext db, TimeProvider clock, string? reason, string action,
        Func<EngineUnitOfWork, CancellationToken, Task<T>> operation, Func<T, string> describe, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ApiProblems.BadRequest("reason is required: every operation on a live instance is audited with its reason.");
        }
        var result = await engine.RunAsync(db, ApiActor, async (unit, token) =>
        {
            var outcome = await operation(unit, token);
            var instanceId = outcome switch
            {
                DueChange c => c.ProcessInstanceId,
                TokenMove m => m.ProcessInstanceId,
                _ => null,
            };
            var businessKey = await db.Set<ProcessInstanceRecord>().Where(i => i.Id == instanceId).Select(i => i.BusinessKey).FirstOrDefaultAsync(token);
            int? suggestionId = int.TryParse(businessKey, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            AuditTrail.Add(db, ApiActor, action, suggestionId, $"{describe(outcome)}：{reason.Trim()}", clock.GetUtcNow().UtcDateTime);
            return outcome;
        }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(result);
    }
}
