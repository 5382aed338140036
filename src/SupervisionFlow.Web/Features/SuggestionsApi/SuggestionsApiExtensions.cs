using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Features.Import;

namespace SupervisionFlow.Web.Features.SuggestionsApi;

public static class SuggestionsApiExtensions
{
    public const string RoutePrefix = "/api/suggestions";

    /// <summary>An API key (<c>Engine:Api:Keys</c>, header <c>X-Api-Key</c>) or a signed-in office user or administrator.</summary>
    public const string PolicyName = "SuggestionsApi";

    /// <summary>
    /// The suggestions API's policy, reader and error mapping, and the import it calls. Uses the API-key scheme,
    /// problem details and JSON settings of <see cref="EngineApiExtensions.AddEngineApi"/>: register after it.
    /// </summary>
    public static IHostApplicationBuilder AddSuggestionsApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSuggestionImport();
        services.AddScoped<SuggestionReader>();
        services.AddExceptionHandler<SuggestionsApiExceptionHandler>();
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy.RequireApiKeyOrRole(Roles.Office, Roles.Admin));
        return builder;
    }

    /// <summary>
    /// Maps <c>/api/suggestions</c>. Unlike the engine API it is always mapped: without a configured key, office
    /// staff still reach it with their sign-in.
    /// </summary>
    public static WebApplication MapSuggestionsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGroup(RoutePrefix)
            .RequireAuthorization(PolicyName)
            .WithTags("Suggestions")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .MapSuggestionEndpoints();
        return app;
    }
}

/// <summary>
/// The domain's refusals as <c>application/problem+json</c> for <c>/api/suggestions</c>: invalid input 400 (with the
/// Chinese message per field), not allowed 403, unknown 404.
/// </summary>
public sealed class SuggestionsApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(SuggestionsApiExtensions.RoutePrefix))
        {
            return false;
        }
        var problem = exception switch
        {
            HandlingValidationException invalid => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest, Title = "Invalid input", Detail = invalid.Message,
                Extensions = { ["errors"] = invalid.FieldErrors.ToDictionary(e => e.Key, e => new[] { e.Value }) },
            },
            ImportRejectedException rejected => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest, Title = "导入未执行", Detail = rejected.Message,
                Extensions = { ["errors"] = rejected.Errors.Select(e => new { row = e.Row, field = e.Field, column = e.Column, message = e.Message }).ToList() },
            },
            HandlingForbiddenException forbidden => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = forbidden.Message },
            HandlingNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = missing.Message },
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Invalid request", Detail = bad.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception })
            .ConfigureAwait(false);
    }
}
