using System.Text.Json.Nodes;
using SupervisionFlow.Engine;
using static SupervisionFlow.Web.Features.EngineApi.ProcessInstancesEndpoints;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary><c>POST /api/engine/messages</c>: delivers a message to whatever waits for it.</summary>
public static class MessagesEndpoints
{
    public sealed record CorrelateRequest(string? MessageName, string? BusinessKey, string? ProcessInstanceId, JsonObject? Variables);

    public sealed record CorrelateResponse(int Correlated);

    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder group)
    {
        group.MapPost("/messages", async (CorrelateRequest request, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(request.MessageName))
                {
                    return ApiProblems.Required("messageName");
                }
                var correlated = await engine.CorrelateMessageAsync(
                    request.MessageName, Blank(request.BusinessKey), Blank(request.ProcessInstanceId), request.Variables, cancellationToken).ConfigureAwait(false);
                return correlated == 0
                    ? ApiProblems.NotFound($"Nothing waits for message '{request.MessageName}' with the given business key or instance.")
                    : TypedResults.Ok(new CorrelateResponse(correlated));
            })
            .WithName("CorrelateMessage")
            .WithSummary("Delivers a message to every execution waiting for it, narrowed by business key or instance; 404 when none waits.")
            .Produces<CorrelateResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
