using Microsoft.AspNetCore.Mvc;
using System.Text;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary><c>POST /api/engine/deployments</c>: the body is the BPMN XML itself.</summary>
public static class DeploymentsEndpoints
{
    public sealed record DeployedDefinition(string Id, string Key, int Version, string? Name);

    public sealed record DeploymentResponse(IReadOnlyList<DeployedDefinition> Definitions);

    public static RouteGroupBuilder MapDeployments(this RouteGroupBuilder group)
    {
        group.MapPost("/deployments", DeployAsync)
            .WithName("Deploy")
            .WithSummary("Deploys a BPMN file: 201 when a new version was created, 200 when the file was unchanged.")
            .Accepts<string>("application/xml", "text/xml")
            .Produces<DeploymentResponse>(StatusCodes.Status201Created)
            .Produces<DeploymentResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new RequestSizeLimitAttribute(((IEndpointRouteBuilder)group).ServiceProvider.GetRequiredService<IOptions<EngineOptions>>().Value.DeploymentMaxBytes))
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return group;
    }

    private static async Task<IResult> DeployAsync(HttpRequest request, ProcessEngine engine, IOptions<EngineOptions> options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !IsXml(mediaType.MediaType.Value))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the BPMN file as the request body with Content-Type application/xml or text/xml.");
        }
        var maxBytes = options.Value.DeploymentMaxBytes;
        var xml = await BoundedBody.ReadTextAsync(request, maxBytes, mediaType.Encoding ?? Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        if (xml is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "BPMN file too large",
                detail: $"A BPMN file may have at most {maxBytes} bytes (Engine:DeploymentMaxBytes).");
        }
        if (string.IsNullOrWhiteSpace(xml))
        {
            return ApiProblems.BadRequest("The request body is empty; send the BPMN XML.");
        }
        // A rejected file throws DeploymentException, answered 400 with every problem (EngineApiExceptionHandler).
        var result = await engine.DeployAsync(xml, cancellationToken).ConfigureAwait(false);
        var body = new DeploymentResponse(result.Definitions.Select(d => new DeployedDefinition(d.Id, d.Key, d.Version, d.Name)).ToList());
        return result.Created
            ? TypedResults.Created((string?)null, body)
            : TypedResults.Ok(body);
    }

    private static bool IsXml(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase));
}
