using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>待办: the actor's own and group tasks, filtered and sorted; claim and release.</summary>
public sealed class IndexModel(InboxQuery inbox, ProcessEngine engine, CurrentActor current, IMemoryCache cache, IOptions<ListOptions> lists) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public InboxFilter Filter { get; set; } = new();

    /// <summary>Rows per page (Lists:InboxPageSize).</summary>
    public int PageSize => lists.Value.InboxPageSize;

    /// <summary>The rows of the page shown.</summary>
    public IReadOnlyList<InboxRow> Rows { get; private set; } = [];

    /// <summary>All of the actor's open tasks (before filters).</summary>
    public int Total { get; private set; }

    /// <summary>The keyset position the page continues after (the last row of the page before).</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>The keyset position the page ends before (the first row of the page after).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Last { get; set; }

    public KeysetPager Pages { get; private set; } = null!;

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
        var (summary, page) = await inbox.ReadAsync(current.Actor, Filter, PageSize, After, Before, Last, cancellationToken);
        Total = summary.Open;
        OverdueCount = summary.Overdue;
        DueSoonCount = summary.DueSoon;
        Sessions = summary.Sessions;
        Units = summary.Units;
        Rows = page.Rows;
        Pages = new KeysetPager("/Inbox", page.Matching, PageSize, page.RowsBefore, page.Previous, page.Next, Filter.Query());
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
}
