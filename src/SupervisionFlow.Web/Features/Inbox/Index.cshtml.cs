using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>待办: the actor's own and group tasks, filtered and sorted; claim and release.</summary>
public sealed class IndexModel(InboxQuery inbox, ProcessEngine engine, CurrentActor current, IMemoryCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public InboxFilter Filter { get; set; } = new();

    public const int PageSize = 50;

    /// <summary>The rows of the page shown.</summary>
    public IReadOnlyList<InboxRow> Rows { get; private set; } = [];

    /// <summary>All of the actor's open tasks (before filters).</summary>
    public int Total { get; private set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Pager Pages { get; private set; } = null!;

    public int OverdueCount { get; private set; }

    public int DueSoonCount { get; private set; }

    public IReadOnlyList<int> Sessions { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name)> Units { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? ErrorMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await inbox.LoadAsync(current.Actor, cancellationToken);
        Total = all.Count;
        OverdueCount = all.Count(r => r.Overdue);
        DueSoonCount = all.Count(r => r.DueSoon);
        Sessions = [.. all.Where(r => r.Session is not null).Select(r => r.Session!.Value).Distinct().Order()];
        Units = [.. all.Where(r => r.UnitId is not null).Select(r => (r.UnitId!, r.UnitName ?? r.UnitId!)).Distinct().OrderBy(u => u.Item1, StringComparer.Ordinal)];
        var matching = Filter.Apply(all);
        Pages = new Pager("/Inbox", matching.Count, PageSize, PageNumber, Filter.Query());
        Rows = Pages.Slice(matching);
    }

    public Task<IActionResult> OnPostClaimAsync(string taskId, CancellationToken cancellationToken) =>
        ChangeAssigneeAsync(taskId, claim: true, cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(string taskId, CancellationToken cancellationToken) =>
        ChangeAssigneeAsync(taskId, claim: false, cancellationToken);

    private async Task<IActionResult> ChangeAssigneeAsync(string taskId, bool claim, CancellationToken cancellationToken)
    {
        var actor = current.Actor;
        var task = await engine.GetTaskAsync(taskId, cancellationToken);
        if (task is null)
        {
            return NotFound();
        }
        if (!TaskFormService.CanWork(actor, task) || (!claim && task.Assignee != actor.UserName && !actor.IsOffice))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        try
        {
            await engine.ClaimTaskAsync(taskId, claim ? actor.UserName : null, cancellationToken);
            Message = claim ? $"已认领“{task.Name}”。" : $"已退回“{task.Name}”，同组人员均可办理。";
        }
        catch (EngineException e) when (e is EngineConflictException or EngineNotFoundException)
        {
            ErrorMessage = $"“{task.Name}”：{EngineMessages.For(e)}";
        }
        cache.Remove(InboxCountViewComponent.CacheKey(actor.UserName));
        return RedirectToPage(new { Filter.Q, Filter.Due, Filter.Kind, Filter.Key, Filter.Session, Filter.Unit, Filter.Sort });
    }

    public static string KindLabel(SuggestionKind? kind) => kind switch
    {
        SuggestionKind.Session => "大会建议",
        SuggestionKind.BetweenSession => "闭会建议",
        _ => "",
    };

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>The inbox's filters and sort, bound from the query string.</summary>
public sealed class InboxFilter
{
    /// <summary>Words in the title, the number (第12号) or the task name.</summary>
    public string? Q { get; set; }

    /// <summary><c>overdue</c> or <c>soon</c> (due within 7 days).</summary>
    public string? Due { get; set; }

    public SuggestionKind? Kind { get; set; }

    /// <summary>Key suggestions (重点督办) only.</summary>
    public bool Key { get; set; }

    public int? Session { get; set; }

    public string? Unit { get; set; }

    /// <summary><c>due</c> (default, earliest first), <c>due-desc</c>, <c>new</c> (newest task first), <c>number</c>.</summary>
    public string? Sort { get; set; }

    /// <summary>The filters as the query string carries them (for the pager's links).</summary>
    public Dictionary<string, string?> Query() => new()
    {
        ["Filter.Q"] = Q, ["Filter.Due"] = Due, ["Filter.Kind"] = Kind?.ToString(), ["Filter.Key"] = Key ? "true" : null,
        ["Filter.Session"] = Session?.ToString(CultureInfo.InvariantCulture), ["Filter.Unit"] = Unit, ["Filter.Sort"] = Sort,
    };

    public IReadOnlyList<InboxRow> Apply(IEnumerable<InboxRow> rows)
    {
        var q = Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            rows = rows.Where(r => r.Title.Contains(q, StringComparison.OrdinalIgnoreCase)
                                   || (r.Number?.Contains(q, StringComparison.Ordinal) ?? false)
                                   || (r.Task.Name?.Contains(q, StringComparison.Ordinal) ?? false)
                                   || (r.SuggestionId?.ToString(CultureInfo.InvariantCulture) == q));
        }
        rows = Due switch
        {
            "overdue" => rows.Where(r => r.Overdue),
            "soon" => rows.Where(r => r.DueSoon),
            _ => rows,
        };
        if (Kind is { } kind)
        {
            rows = rows.Where(r => r.Kind == kind);
        }
        if (Key)
        {
            rows = rows.Where(r => r.IsKey);
        }
        if (Session is { } session)
        {
            rows = rows.Where(r => r.Session == session);
        }
        if (!string.IsNullOrEmpty(Unit))
        {
            rows = rows.Where(r => r.UnitId == Unit);
        }
        return Sort switch
        {
            "due-desc" => [.. rows.OrderBy(r => r.Task.DueAt is null).ThenByDescending(r => r.Task.DueAt).ThenBy(r => r.Task.CreatedAt)],
            "new" => [.. rows.OrderByDescending(r => r.Task.CreatedAt)],
            "number" => [.. rows.OrderBy(r => r.Session).ThenBy(r => r.Kind).ThenBy(r => r.Number?.Length).ThenBy(r => r.Number, StringComparer.Ordinal)],
            _ => [.. rows.OrderBy(r => r.Task.DueAt is null).ThenBy(r => r.Task.DueAt).ThenBy(r => r.Task.CreatedAt)],
        };
    }
}
