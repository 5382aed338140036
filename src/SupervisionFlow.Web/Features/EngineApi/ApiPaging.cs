using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>
/// Paging of the API's lists, the way Camunda's REST API pages: <c>firstResult</c>/<c>maxResults</c>, or the keyset
/// cursor <c>after</c>; a <c>…/count</c> endpoint beside each list. A page never ends silently: every answer carries
/// <c>X-Total-Count</c> and, when more items follow, a <c>Link: &lt;…&gt;; rel="next"</c> header with the next cursor.
/// </summary>
public static class ApiPaging
{
    public const string TotalCountHeader = "X-Total-Count";

    public const string Description =
        "Pages in creation order, then id. maxResults defaults to and is capped by Engine:MaxTaskPageSize (500); "
        + "after is the cursor of the next page (keyset, preferred), firstResult an offset (Camunda's). "
        + "The X-Total-Count header gives the number of matches, and a Link header with rel=\"next\" the next page "
        + "while more follow; the count endpoint gives the number alone.";

    /// <summary>Camunda's answer of its count endpoints.</summary>
    public sealed record CountResponse(int Count);

    /// <summary>The page asked for, or a 400 problem for a negative offset, a page size below 1 or a broken cursor.</summary>
    public static (PageRequest? Page, IResult? Problem) Read(int? firstResult, int? maxResults, string? after, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (firstResult is < 0)
        {
            return (null, ApiProblems.BadRequest("firstResult must be 0 or more."));
        }
        if (maxResults is < 1)
        {
            return (null, ApiProblems.BadRequest("maxResults must be 1 or more."));
        }
        after = ProcessInstancesEndpoints.Blank(after);
        if (after is not null && !PageCursor.TryParse(after, out _))
        {
            return (null, ApiProblems.BadRequest($"'{after}' is not a page cursor; use the one of a Link header."));
        }
        var size = Math.Min(maxResults ?? options.MaxTaskPageSize, options.MaxTaskPageSize);
        return (new PageRequest(size, after, firstResult ?? 0), null);
    }

    /// <summary>Sets <c>X-Total-Count</c> and, when a next page exists, its <c>Link</c>.</summary>
    public static void Describe<T>(HttpContext http, Page<T> page)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(page);
        http.Response.Headers[TotalCountHeader] = page.Total.ToString(CultureInfo.InvariantCulture);
        if (page.Next is null)
        {
            return;
        }
        var query = http.Request.Query
            .Where(kv => kv.Key is not ("after" or "firstResult"))
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v)))
            .Append(new("after", page.Next));
        var next = UriHelper.BuildRelative(http.Request.PathBase, http.Request.Path, QueryString.Create(query));
        http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
    }
}
