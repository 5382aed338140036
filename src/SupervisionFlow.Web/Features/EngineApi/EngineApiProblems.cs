using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Expressions;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>
/// Turns the engine's refusals into <c>application/problem+json</c> for API requests: invalid input 400, unknown id
/// 404, lost race or wrong state 409. A rejected deployment lists every problem under <c>errors</c>.
/// </summary>
public sealed class EngineApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(EngineApiExtensions.RoutePrefix))
        {
            return false;
        }
        var problem = exception switch
        {
            DeploymentException rejected => Problem(StatusCodes.Status400BadRequest, "The BPMN file was rejected", rejected.Message,
                ("errors", rejected.Errors.Select(e => new { code = e.Code, elementId = e.ElementId, line = e.Line, message = e.Message }).ToList())),
            EngineValidationException invalid when invalid.FieldErrors.Count > 0 => Problem(StatusCodes.Status400BadRequest, "Invalid input", invalid.Message,
                ("errors", invalid.FieldErrors.ToDictionary(e => e.Key, e => new[] { e.Value }))),
            EngineValidationException invalid => Problem(StatusCodes.Status400BadRequest, "Invalid input", invalid.Message),
            ExpressionException expression => Problem(StatusCodes.Status400BadRequest, "Expression failed", expression.Message, ("code", expression.Code)),
            EngineNotFoundException missing => Problem(StatusCodes.Status404NotFound, "Not found", missing.Message),
            EngineConflictException conflict => Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
            BadHttpRequestException bad => Problem(bad.StatusCode, "Invalid request", bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        if (exception is EngineException { Code: { } code } coded)
        {
            // Stable codes for programs (SF-ENGINE-0xx); the detail stays English prose for people.
            problem.Extensions["code"] = code;
            if (coded.ElementId is { } elementId)
            {
                problem.Extensions["elementId"] = elementId;
            }
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }

    private static ProblemDetails Problem(int status, string title, string detail, params (string Name, object Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }
        return problem;
    }
}

/// <summary>Problems the endpoints answer themselves.</summary>
internal static class ApiProblems
{
    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid input", detail: detail);

    public static IResult Required(string field) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"'{field}' is required."] }, title: "Invalid input");
}
