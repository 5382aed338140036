using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// 批量操作 (office): the 建议列表's selection (ticked rows, or every suggestion matching the filter) with an action goes
/// to <see cref="OnPostPreviewAsync"/>, which lists what will happen to each suggestion and which are refused and why;
/// <see cref="OnPostConfirmAsync"/> stores it as a bulk run and hands it to its job (<see cref="BulkRunJob"/>), then
/// sends the office to the run's progress page (<c>/Suggestions/Bulk/{id}</c>). Without a selection the page lists
/// the recent runs.
/// </summary>
[Authorize(Policy = Policies.Office)]
public sealed class BulkModel(BulkOperations bulk, BulkRunner runs, BulkRunJob jobs, AppDbContext db, CurrentActor current) : PageModel
{
    /// <summary>The ticked rows of the list.</summary>
    [BindProperty]
    public List<int> Ids { get; set; } = [];

    /// <summary>Every suggestion matching the list's filter (<see cref="Q"/> … <see cref="OverdueOnly"/>), not only the ticked rows.</summary>
    [BindProperty]
    public bool AllMatching { get; set; }

    [BindProperty]
    public string? Q { get; set; }

    [BindProperty]
    public SuggestionState? State { get; set; }

    [BindProperty]
    public SuggestionKind? Kind { get; set; }

    [BindProperty]
    public string? Category { get; set; }

    [BindProperty]
    public string? Unit { get; set; }

    [BindProperty]
    public bool KeyOnly { get; set; }

    [BindProperty]
    public bool OverdueOnly { get; set; }

    /// <summary>The previewed suggestions' ids, comma-separated: one field, as thousands of fields would pass the form's value-count limit.</summary>
    [BindProperty]
    public string? Selection { get; set; }

    [BindProperty]
    public BulkAction BulkAction { get; set; }

    [BindProperty]
    public int? ExtendDays { get; set; }

    [BindProperty]
    public DateOnly? ExtendTo { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ToUnitId { get; set; }

    public BulkPlan? Plan { get; private set; }

    /// <summary>The recent bulk runs, shown when there is no preview.</summary>
    public IReadOnlyList<BulkRun> Recent { get; private set; } = [];

    public string? Error { get; private set; }

    public IReadOnlyDictionary<string, string> UnitNames { get; private set; } = new Dictionary<string, string>();

    public BulkRequest Action => new(BulkAction, Reason, ExtendDays, ExtendTo, string.IsNullOrWhiteSpace(ToUnitId) ? null : ToUnitId);

    public int MaxSelection => bulk.Options.BulkMaxSelection;

    public const int RecentShown = 20;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Recent = await runs.RecentAsync(RecentShown, cancellationToken);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadUnitsAsync(cancellationToken);
        var ids = AllMatching
            ? await bulk.SelectMatchingAsync(new SuggestionListFilter(Q, State, Kind, Category, Unit, KeyOnly, OverdueOnly), current.Actor, cancellationToken)
            : Ids;
        if (AllMatching && ids.Count > MaxSelection)
        {
            // The selection stops one past the limit: the real count is not worth a second query.
            Error = string.Create(CultureInfo.InvariantCulture, $"符合筛选条件的建议超过 {MaxSelection} 件，一次批量操作最多 {MaxSelection} 件，请缩小筛选范围。");
            return Page();
        }
        return await GuardAsync(async () =>
        {
            Plan = await bulk.PlanAsync(ids, Action, current.Actor, cancellationToken);
            Selection = string.Join(",", Plan.Items.Select(i => i.SuggestionId.ToString(CultureInfo.InvariantCulture)));
        });
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        await LoadUnitsAsync(cancellationToken);
        var ids = (Selection ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
        long? started = null;
        var page = await GuardAsync(async () => started = await jobs.StartAsync(ids, Action, current.Actor, cancellationToken));
        return started is { } id ? Redirect(string.Create(CultureInfo.InvariantCulture, $"/Suggestions/Bulk/{id}")) : page;
    }

    public string ActionLabel => BulkActionLabels.Of(BulkAction);

    private async Task<IActionResult> GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (HandlingValidationException e)
        {
            Error = e.Message;
        }
        catch (HandlingForbiddenException)
        {
            return Forbid();
        }
        return Page();
    }

    private async Task LoadUnitsAsync(CancellationToken cancellationToken) =>
        UnitNames = await db.Set<HandlingUnit>().AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, StringComparer.Ordinal, cancellationToken);
}
