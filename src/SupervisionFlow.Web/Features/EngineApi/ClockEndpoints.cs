using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary><c>/api/engine/clock</c>: reading and moving the manual clock (mapped only when <c>Engine:Clock:Mode</c> is Manual).</summary>
public static class ClockEndpoints
{
    public sealed record ClockResponse(DateTimeOffset Now);

    /// <summary>Either <c>now</c> (set) or <c>advance</c> (ISO 8601 duration such as <c>P3D</c>).</summary>
    public sealed record SetClockRequest(DateTimeOffset? Now, string? Advance);

    public static RouteGroupBuilder MapClock(this RouteGroupBuilder group)
    {
        group.MapGet("/clock", (TimeProvider clock) => TypedResults.Ok(new ClockResponse(clock.GetUtcNow())))
            .WithName("GetClock")
            .WithSummary("The engine's (manual) clock.");

        group.MapPost("/clock", (SetClockRequest request, TimeProvider clock) =>
            {
                var manual = (ManualClock)clock;
                if (request.Now.HasValue == (request.Advance is not null))
                {
                    return ApiProblems.BadRequest("Send exactly one of 'now' (a date-time) or 'advance' (an ISO 8601 duration such as P3D).");
                }
                if (request.Now is { } now)
                {
                    manual.Set(now);
                }
                else if (IsoDuration.TryParse(request.Advance, out var duration))
                {
                    manual.Advance(duration);
                }
                else
                {
                    return ApiProblems.BadRequest($"'{request.Advance}' is not an ISO 8601 duration such as P3D or PT2H.");
                }
                // Timers do not fire by themselves here: due ones fire at the next sweep or POST timers/fire-due.
                return TypedResults.Ok(new ClockResponse(manual.GetUtcNow()));
            })
            .WithName("SetClock")
            .WithSummary("Sets or advances the manual clock; returns the new time.")
            .Produces<ClockResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }
}
