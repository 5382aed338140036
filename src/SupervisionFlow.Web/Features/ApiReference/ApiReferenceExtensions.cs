using Scalar.AspNetCore;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.ApiReference;

/// <summary>
/// A browsable reference of the REST APIs (Scalar) beside the OpenAPI document, at <c>/api/reference</c>, for
/// administrators and API-key holders. Everything it needs comes from this host, so it works on a network without
/// internet access: Scalar's script is embedded in its package and served here, no request proxy is set, and every
/// feature that would call out to scalar.com (web fonts, telemetry, the AI agent, MCP, the developer toolbar) is off.
/// </summary>
public static class ApiReferenceExtensions
{
    public const string Route = "/api/reference";

    /// <summary>A signed-in administrator or an API key (<c>Engine:Api:Keys</c>, header <c>X-Api-Key</c>).</summary>
    public const string PolicyName = "ApiReference";

    /// <summary>Registers the policy; uses the API-key scheme of <see cref="EngineApiExtensions.AddEngineApi"/>: register after it.</summary>
    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy.RequireApiKeyOrRole(Roles.Admin));
        return builder;
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Scalar's page starts itself with one inline module script: it carries this response's CSP nonce. Its other
        // scripts (scalar.js, scalar.aspnetcore.js) are the package's embedded files, served from here under Route.
        app.MapScalarApiReference(Route, (options, context) => options
                .WithTitle("SupervisionFlow API 参考")
                .WithNonce(SecurityHeaders.ScriptNonce(context))
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                // Its toolbar offers scalar.com's hosted services (deploy, share, SDKs): not for an offline product.
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(ApiKeyAuthenticationHandler.SchemeName))
            .RequireAuthorization(PolicyName);
        return app;
    }
}
