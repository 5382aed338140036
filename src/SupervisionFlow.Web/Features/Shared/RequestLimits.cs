using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>Section <c>Limits</c>: how much one request may send (uploads raise it on their own endpoints).</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Body size of any request without its own limit; forms and JSON of this product are far smaller.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Deepest nesting of a JSON request body bound by the API (System.Text.Json's MaxDepth; its default is 64).</summary>
    public int MaxJsonDepth { get; set; } = 32;
}

/// <summary>
/// One body limit for every request: the endpoint's <c>[RequestSizeLimit]</c> / <see cref="IRequestSizeLimitMetadata"/>
/// when it has one, otherwise <see cref="RequestLimitsOptions.MaxRequestBodyBytes"/>. A declared length over the limit is
/// answered 413 before anything is read (problem+json on the API, a Chinese page otherwise); a chunked body is cut
/// off by the server at the same limit.
/// </summary>
public static class RequestLimits
{
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section)
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.MaxJsonDepth > 0, "Limits:MaxRequestBodyBytes and Limits:MaxJsonDepth must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IOptions<RequestLimitsOptions>>(
            (json, limits) => json.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth);
        // Multipart forms share the same bound unless a page raises it ([RequestFormLimits] on the reply form).
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<RequestLimitsOptions>>(
            (form, limits) => form.MultipartBodyLengthLimit = limits.Value.MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>After routing, so the endpoint's own limit is known.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var defaultLimit = app.Services.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultLimit;
            if (context.Request.ContentLength > limit)
            {
                await RefuseAsync(context, limit);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            await next(context);
        });
        return app;
    }

    private static async Task RefuseAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The body is left unread; Kestrel drains a little of it and then closes the connection itself.
        if (WebPages.IsApi(context))
        {
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The request body has {context.Request.ContentLength} bytes; this endpoint accepts at most {limit} bytes.",
                },
            });
            return;
        }
        // Written here rather than re-executed to /Status/413: a re-executed POST would bind (read) the refused form.
        context.Response.ContentType = "text/html; charset=utf-8";
        // Our own words and a number: nothing to encode.
        var message = $"提交的内容过大（上限 {ByteSizes.Text(limit)}），请减小附件或分批提交后再试。";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>提交的内容过大</title></head><body><h1>提交的内容过大</h1><p>{message}</p><p><a href=\"/\">返回首页</a></p></body></html>");
    }
}
