using System.Security.Cryptography;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>
/// Headers on every response. The CSP allows only this origin's scripts (no inline script, no CDN) and inline styles,
/// which bpmn-js needs; frames and plug-ins are refused. A response that asked for a <see cref="ScriptNonce"/> also
/// allows the inline scripts carrying that nonce, and only on that response.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItemKey = "SupervisionFlow.ScriptNonce";

    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Items[NonceItemKey] is string nonce
                    ? ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                    : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// A fresh random nonce for this response's inline scripts (the same one for every call within the request). For
    /// third-party pages that bootstrap themselves with one inline script (Scalar's API reference); our own pages use none.
    /// </summary>
    public static string ScriptNonce(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[NonceItemKey] is not string nonce)
        {
            // Hex: valid in a CSP nonce and needs no escaping in an HTML attribute.
            nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceItemKey] = nonce;
        }
        return nonce;
    }
}
