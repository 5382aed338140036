using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Domain.Archive;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>Starting, reading, terminating process instances, and their history.</summary>
public static class ProcessInstancesEndpoints
{
    public sealed record StartProcessRequest(string? DefinitionKey, int? Version, string? BusinessKey, JsonObject? Variables);

    public sealed record StartedInstanceResponse(string Id, string DefinitionId, string? BusinessKey, string State, IReadOnlyList<string> ActiveActivityIds);

    public sealed record IncidentResponse(string Id, string ProcessInstanceId, string ActivityId, string JobId, string Message, DateTime CreatedAt)
    {
        public static IncidentResponse From(IncidentView i) => new(i.Id, i.ProcessInstanceId, i.ActivityId, i.JobId, i.Message, i.CreatedAt);
    }

    public sealed record InstanceResponse(
        string Id, string DefinitionKey, int Version, string? BusinessKey, string State, IReadOnlyList<string> ActiveActivityIds,
        JsonObject Variables, IReadOnlyList<IncidentResponse> Incidents)
    {
        public static InstanceResponse From(ProcessInstanceView i) =>
            new(i.Id, i.DefinitionKey, i.Version, i.BusinessKey, i.State, i.ActiveActivityIds, i.Variables, i.Incidents.Select(IncidentResponse.From).ToList());
    }

    /// <summary>One activity instance; <c>canceled</c> when it was interrupted (boundary event, termination).</summary>
    public sealed record HistoryResponse(
        string ActivityId, string ActivityType, string? ActivityName, DateTime StartedAt, DateTime? EndedAt, string? CompletedBy, bool Canceled);

    public static RouteGroupBuilder MapProcessInstances(this RouteGroupBuilder group)
    {
        group.MapPost("/process-instances", StartAsync)
            .WithName("StartProcessInstance")
            .WithSummary("Starts the latest (or the given) version of a process definition.")
            .Produces<StartedInstanceResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/process-instances", async (
                string? businessKey, string? definitionKey, string? state, int? firstResult, int? maxResults, string? after,
                HttpContext http, IOptions<EngineOptions> options, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var (page, problem) = ApiPaging.Read(firstResult, maxResults, after, options.Value);
                if (problem is not null)
                {
                    return problem;
                }
                var instances = await engine.FindInstancePageAsync(new InstanceQuery(Blank(businessKey), Blank(definitionKey), Blank(state)), page!, cancellationToken)
                    .ConfigureAwait(false);
                ApiPaging.Describe(http, instances);
                return TypedResults.Ok(instances.Items.Select(InstanceResponse.From).ToList());
            })
            .WithName("FindProcessInstances")
            .WithSummary("Instances by business key, definition key and state (active, completed, terminated), one page in start order.")
            .WithDescription(ApiPaging.Description.Replace("creation order", "start order", StringComparison.Ordinal))
            .Produces<List<InstanceResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/process-instances/count", async (string? businessKey, string? definitionKey, string? state, ProcessEngine engine, CancellationToken cancellationToken) =>
                TypedResults.Ok(new ApiPaging.CountResponse(
                    await engine.CountInstancesAsync(new InstanceQuery(Blank(businessKey), Blank(definitionKey), Blank(state)), cancellationToken).ConfigureAwait(false))))
            .WithName("CountProcessInstances")
            .WithSummary("How many instances match the filters of GET /process-instances.")
            .Produces<ApiPaging.CountResponse>();

        group.MapGet("/process-instances/{id}", async (string id, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var instance = await engine.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
                return instance is null ? ApiProblems.NotFound($"No process instance '{id}'.") : TypedResults.Ok(InstanceResponse.From(instance));
            })
            .WithName("GetProcessInstance")
            .Produces<InstanceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/process-instances/{id}/history", async (string id, ProcessEngine engine, ArchivedHistoryReader archive, CancellationToken cancellationToken) =>
            {
                if (await engine.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is not { } instance)
                {
                    return ApiProblems.NotFound($"No process instance '{id}'.");
                }
                // An archived suggestion's history comes from its archive file, the same rows as before archiving.
                var history = await archive.HistoryAsync(instance, cancellationToken).ConfigureAwait(false);
                return TypedResults.Ok(history
                    .Select(h => new HistoryResponse(h.ActivityId, h.ActivityType, h.ActivityName, h.StartedAt, h.EndedAt, h.CompletedBy, h.Canceled))
                    .ToList());
            })
            .WithName("GetProcessInstanceHistory")
            .WithSummary("Every activity instance, in the order they started (read from the archive when the suggestion's history was archived).")
            .Produces<List<HistoryResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/process-instances/{id}", async (string id, string? userId, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                await engine.TerminateAsync(id, Blank(userId), cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("TerminateProcessInstance")
            .WithSummary("Ends an active instance with state terminated.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> StartAsync(StartProcessRequest request, ProcessEngine engine, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.DefinitionKey))
        {
            return ApiProblems.Required("definitionKey");
        }
        var instance = await engine.StartProcessAsync(
            request.DefinitionKey, Blank(request.BusinessKey), request.Variables, request.Version, cancellationToken: cancellationToken).ConfigureAwait(false);
        return TypedResults.Created(
            $"{EngineApiExtensions.RoutePrefix}/process-instances/{Uri.EscapeDataString(instance.Id)}",
            new StartedInstanceResponse(instance.Id, instance.DefinitionId, instance.BusinessKey, instance.State, instance.ActiveActivityIds));
    }

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
