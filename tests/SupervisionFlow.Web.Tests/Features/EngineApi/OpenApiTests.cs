using System.Net;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.EngineApi;

public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApiDocument_IsServed_WithEngineRoutesAndApiKeyScheme()
    {
        await using var host = new EngineApiHost();

        var response = await host.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync<JsonObject>();
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[]
                 {
                     "/api/engine/deployments", "/api/engine/definitions", "/api/engine/definitions/{id}/xml",
                     "/api/engine/process-instances", "/api/engine/process-instances/{id}", "/api/engine/process-instances/{id}/history",
                     "/api/engine/tasks", "/api/engine/tasks/{id}/claim", "/api/engine/tasks/{id}/complete", "/api/engine/messages",
                     "/api/engine/timers/fire-due", "/api/engine/incidents", "/api/engine/incidents/{id}/retry", "/api/engine/clock",
                 })
        {
            Assert.True(paths.ContainsKey(path), $"OpenAPI document lacks {path}");
        }
        var scheme = document["components"]!["securitySchemes"]!["EngineApiKey"]!;
        Assert.Equal("apiKey", (string?)scheme["type"]);
        Assert.Equal("header", (string?)scheme["in"]);
        Assert.Equal("X-Api-Key", (string?)scheme["name"]);
    }
}
