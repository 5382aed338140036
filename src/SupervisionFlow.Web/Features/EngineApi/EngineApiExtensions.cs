using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using SupervisionFlow.Web.EngineHost;

namespace SupervisionFlow.Web.Features.EngineApi;

public static class EngineApiExtensions
{
    public const string RoutePrefix = "/api/engine";

    /// <summary>Problem details, the API-key scheme, JSON settings and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddEngineApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EngineApiOptions>().BindConfiguration(EngineApiOptions.Section);
        services.AddProblemDetails();
        services.AddExceptionHandler<EngineApiExceptionHandler>();
        // Malformed JSON or query values throw BadHttpRequestException (mapped to a 400 problem with the reason)
        // instead of an empty 400 in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthenticationHandler.PolicyName, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "One of the keys in Engine:Api:Keys.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
            });
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Error handling for API requests: exceptions and bare status codes become problem+json.</summary>
    public static WebApplication UseEngineApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// Maps <c>/api/engine/*</c> when <c>Engine:Api:Keys</c> lists a key; otherwise maps nothing (404), so an
    /// installation that never configured a key exposes no engine control.
    /// </summary>
    public static WebApplication MapEngineApi(this WebApplication app)
    {
        var api = app.Services.GetRequiredService<IOptions<EngineApiOptions>>().Value;
        if (!api.Enabled)
        {
            app.Logger.LogInformation("Engine REST API disabled: Engine:Api:Keys lists no key");
            return app;
        }
        var group = app.MapGroup(RoutePrefix)
            .RequireAuthorization(ApiKeyAuthenticationHandler.PolicyName)
            .WithTags("Engine")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapDeployments();
        group.MapDefinitions();
        group.MapProcessInstances();
        group.MapTasks();
        group.MapMessages();
        group.MapJobsAndIncidents();
        group.MapOperations();
        Admin.Migrations.MigrationsEndpoints.MapMigrations(group);
        if (app.Services.GetRequiredService<IOptions<ClockOptions>>().Value.IsManual)
        {
            group.MapClock();
        }
        return app;
    }
}
