using System.Globalization;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>
/// The links around one keyset page (<see cref="Keyset"/>): first, previous (<c>before=</c> the first row), next
/// (<c>after=</c> the last row) and last (<c>last=true</c>), keeping the list's filters. Rendered by
/// <c>_KeysetPager.cshtml</c>.
/// </summary>
public sealed class KeysetPager(
    string path, int total, int pageSize, int rowsBefore, string? previous, string? next, IEnumerable<KeyValuePair<string, string?>> query)
{
    private readonly IReadOnlyList<KeyValuePair<string, string?>> _query =
        [.. query.Where(kv => !string.IsNullOrEmpty(kv.Value) && kv.Key is not ("after" or "before" or "last"))];

    public int Total { get; } = total;

    public int PageCount { get; } = Math.Max(1, (total + pageSize - 1) / pageSize);

    /// <summary>The page shown, counted from the rows before its first row.</summary>
    public int PageNumber { get; } = Math.Min(Math.Max(1, (total + pageSize - 1) / pageSize), rowsBefore / pageSize + 1);

    public string? FirstLink => previous is null ? null : Link([]);

    public string? PreviousLink => previous is null ? null : Link([new("before", previous)]);

    public string? NextLink => next is null ? null : Link([new("after", next)]);

    public string? LastLink => next is null ? null : Link([new("last", "true")]);

    private string Link(KeyValuePair<string, string?>[] position) =>
        path + "?" + string.Join("&", _query.Concat(position)
            .Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value!)));

    public string Position => string.Create(CultureInfo.InvariantCulture, $"第 {PageNumber} / {PageCount} 页（共 {Total} 条）");
}
