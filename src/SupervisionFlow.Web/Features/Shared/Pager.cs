using System.Globalization;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>
/// One page of a long list and the links to the pages beside it, keeping the list's filters (query values that are
/// empty are left out of the links). Rendered by <c>_Pager.cshtml</c>; the page number travels as <c>p</c>.
/// </summary>
public sealed class Pager
{
    public Pager(string path, int total, int pageSize, int requested, IEnumerable<KeyValuePair<string, string?>> query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        Path = path;
        Total = total;
        PageSize = pageSize;
        PageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        PageNumber = Math.Clamp(requested, 1, PageCount);
        Query = [.. query.Where(kv => !string.IsNullOrEmpty(kv.Value) && kv.Key != "p")];
    }

    public string Path { get; }

    public int Total { get; }

    public int PageSize { get; }

    public int PageCount { get; }

    /// <summary>The page shown: the one asked for, moved into range (a stale link past the end shows the last page).</summary>
    public int PageNumber { get; }

    public int Skip => (PageNumber - 1) * PageSize;

    private IReadOnlyList<KeyValuePair<string, string?>> Query { get; }

    /// <summary>The items of the page shown.</summary>
    public IReadOnlyList<T> Slice<T>(IEnumerable<T> all) => [.. all.Skip(Skip).Take(PageSize)];

    /// <summary>The link to <paramref name="page"/> with the same filters.</summary>
    public string Link(int page) =>
        Path + "?" + string.Join("&", Query.Append(new("p", page.ToString(CultureInfo.InvariantCulture)))
            .Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value!)));
}
