using System.Text;
using SupervisionFlow.Engine;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary><c>GET /api/engine/definitions</c> and the XML of one deployed version.</summary>
public static class DefinitionsEndpoints
{
    public sealed record DefinitionResponse(string Id, string Key, int Version, string? Name, DateTime DeployedAt);

    public static RouteGroupBuilder MapDefinitions(this RouteGroupBuilder group)
    {
        group.MapGet("/definitions", async (string? key, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var definitions = await engine.GetDefinitionsAsync(string.IsNullOrWhiteSpace(key) ? null : key, cancellationToken).ConfigureAwait(false);
                return TypedResults.Ok(definitions.Select(d => new DefinitionResponse(d.Id, d.Key, d.Version, d.Name, d.DeployedAt)).ToList());
            })
            .WithName("GetDefinitions")
            .WithSummary("Deployed process definitions, every version, optionally of one key.");

        group.MapGet("/definitions/{id}/xml", async (string id, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var xml = await engine.GetDefinitionXmlAsync(id, cancellationToken).ConfigureAwait(false);
                return xml is null
                    ? ApiProblems.NotFound($"No process definition '{id}'.")
                    : Results.Text(xml, "application/xml", Encoding.UTF8);
            })
            .WithName("GetDefinitionXml")
            .WithSummary("The BPMN XML a definition version was deployed from.")
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
