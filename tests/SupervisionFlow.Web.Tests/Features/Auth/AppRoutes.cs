using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace SupervisionFlow.Web.Tests.Features.Auth;

/// <summary>
/// One request that reaches a route: a page handler (<c>?handler=Name</c>) or an API endpoint's method, with the body
/// type the endpoint declares (routing answers 415 before authorization runs when the type does not match).
/// </summary>
public sealed record RouteCall(HttpMethod Method, string Url, string? Handler, string? ContentType = null)
{
    public override string ToString() => $"{Method} {Url}";
}

/// <summary>A route pattern (<c>/Admin/Users/{id}</c>, <c>/api/engine/tasks/{id}</c>) and every request it answers.</summary>
public sealed record AppRoute(string Pattern, bool IsPage, bool HasParameters, IReadOnlyList<RouteCall> Calls);

/// <summary>
/// Every route the host answers, read from its <see cref="EndpointDataSource"/> rather than listed by hand, so a new page
/// or endpoint shows up here without anyone remembering it.
/// </summary>
public static class AppRoutes
{
    /// <summary>Integer route values point at nothing: policy refusal must not depend on the record existing.</summary>
    public const string MissingInt = "987654";

    public const string MissingText = "no-such-id";

    public static async Task<IReadOnlyList<AppRoute>> ReadAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var calls = new List<(string Pattern, bool IsPage, bool HasParameters, RouteCall Call)>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern;
            var pattern = "/" + (route.RawText ?? "").Trim('/');
            var url = Fill(route);
            var hasParameters = route.Parameters.Count > 0;
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>();
            if (page is not null)
            {
                foreach (var (method, handler) in await PageHandlersAsync(loader, page, endpoint.Metadata))
                {
                    var handlerUrl = handler is null ? url : $"{url}?handler={handler}";
                    calls.Add((pattern, true, hasParameters, new RouteCall(method, handlerUrl, handler)));
                }
                continue;
            }
            // An endpoint without method metadata answers every method; GET and POST stand for them.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            var contentType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault();
            foreach (var method in methods.Where(m => m != HttpMethods.Head && m != HttpMethods.Options))
            {
                calls.Add((pattern, false, hasParameters, new RouteCall(new HttpMethod(method), url, null, contentType)));
            }
        }
        return [.. calls
            .GroupBy(c => c.Pattern, StringComparer.Ordinal)
            .Select(g => new AppRoute(g.Key, g.First().IsPage, g.First().HasParameters, [.. g.Select(c => c.Call).Distinct()]))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The page's handlers (<c>OnGetExport</c> → GET <c>?handler=Export</c>) plus the plain GET every page answers, even
    /// one without <c>OnGet</c>. The endpoint itself lists no handlers: they come from the compiled page.
    /// </summary>
    private static async Task<IEnumerable<(HttpMethod Method, string? Handler)>> PageHandlersAsync(
        PageLoader loader, PageActionDescriptor page, EndpointMetadataCollection metadata)
    {
        var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, metadata);
        return compiled.HandlerMethods
            .Select(h => (new HttpMethod(h.HttpMethod.ToUpperInvariant()), (string?)h.Name))
            .Prepend((HttpMethod.Get, null))
            .Distinct();
    }

    /// <summary>The pattern as a URL, each parameter given a value of the type its constraint asks for.</summary>
    private static string Fill(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter =>
                parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? MissingInt : MissingText,
            _ => throw new InvalidOperationException($"unexpected route part {part.GetType().Name} in {pattern.RawText}"),
        })));
        return "/" + string.Join('/', segments);
    }
}
