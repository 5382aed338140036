using System.Globalization;

namespace SupervisionFlow.Engine.Queries;

/// <summary>
/// Which page of a task or instance list to read. Pages are ordered by creation time, then id, and continue after
/// <see cref="After"/> (keyset: the <see cref="Page{T}.Next"/> cursor of the page before), or skip
/// <see cref="FirstResult"/> items when no cursor is given (Camunda's <c>firstResult</c>, an OFFSET: fine for the
/// first pages, slower deep in a long list). <see cref="MaxResults"/> is capped by
/// <see cref="EngineOptions.MaxTaskPageSize"/>.
/// </summary>
public sealed record PageRequest(int MaxResults, string? After = null, int FirstResult = 0);

/// <summary>
/// One page: its items, how many match in all, and the cursor of the next page (null on the last page), so a list
/// is never cut without a word.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, string? Next);

/// <summary>A keyset position: the creation time and id of the last item read. Opaque to clients.</summary>
public readonly record struct PageCursor(DateTime CreatedAt, string Id)
{
    public override string ToString() => CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture) + "_" + Id;

    /// <summary>Reads a cursor; false for text that is not one (clients get a 400, never a wrong page).</summary>
    public static bool TryParse(string? text, out PageCursor cursor)
    {
        cursor = default;
        var split = text?.IndexOf('_', StringComparison.Ordinal) ?? -1;
        if (split <= 0 || split == text!.Length - 1
            || !long.TryParse(text.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        cursor = new PageCursor(new DateTime(ticks, DateTimeKind.Utc), text[(split + 1)..]);
        return true;
    }
}
