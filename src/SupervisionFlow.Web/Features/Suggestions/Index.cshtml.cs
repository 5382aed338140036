using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>建议列表: the suggestions the user may see (<see cref="SuggestionScope"/>), filtered, searched and paged.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(AppDbContext db, CurrentActor current, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public SuggestionState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public SuggestionKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool KeyOnly { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool OverdueOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public sealed record Row(
        int Id, string Number, string Title, string Category, SuggestionKind Kind, string LeadDeputy, string Units,
        SuggestionState State, DateOnly? ReplyDueOn, int? DaysLeft, bool Overdue, bool IsKey);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public int Total => Pages.Total;

    public Pager Pages { get; private set; } = null!;

    public IReadOnlyList<string> Categories { get; private set; } = [];

    public IReadOnlyList<HandlingUnit> UnitChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = SuggestionScope.For(current.Actor);
        if (scope.IsEmpty)
        {
            return Forbid();
        }
        var today = ChinaTime.Today(clock);
        var query = Filter.Apply(scope.Apply(db.Set<Suggestion>().AsNoTracking()), today);
        var total = await query.CountAsync(cancellationToken);
        Pages = new Pager("/Suggestions", total, PageSize, PageNumber, Filter.ToQuery());
        var page = await SuggestionListFilter.InListOrder(query)
            .Skip(Pages.Skip).Take(PageSize)
            .Include(s => s.Units)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var deputyIds = page.Select(s => s.LeadDeputyId).Distinct().ToList();
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        UnitChoices = await db.Set<HandlingUnit>().AsNoTracking().OrderBy(u => u.Name).ToListAsync(cancellationToken);
        var unitNames = UnitChoices.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        Categories = await scope.Apply(db.Set<Suggestion>().AsNoTracking()).Select(s => s.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        Rows = [.. page.Select(s =>
        {
            var open = s.FirstRepliedAt is null && s.State == SuggestionState.InHandling;
            int? daysLeft = s.ReplyDueOn is { } due && open ? due.DayNumber - today.DayNumber : null;
            return new Row(
                s.Id, SuggestionText.Number(s), s.Title, s.Category, s.Kind, deputies.GetValueOrDefault(s.LeadDeputyId, "—"),
                string.Join("、", s.Units.Where(u => u.IsActive).OrderBy(u => u.Role).Select(u => unitNames.GetValueOrDefault(u.UnitId, u.UnitId))),
                s.State, s.ReplyDueOn, daysLeft, daysLeft < 0, s.IsKey);
        })];
        return Page();
    }

    public SuggestionListFilter Filter => new(Q, State, Kind, Category, Unit, KeyOnly, OverdueOnly);

    /// <summary>The office may act on many suggestions at once (批量催办、延期、改交办单位).</summary>
    public bool CanActInBulk => current.Actor.IsOffice || current.Actor.IsAdmin;

    /// <summary>代录建议: the office enters deputies' paper suggestions (<see cref="NewModel"/>).</summary>
    public bool CanFileForDeputies => current.Actor.IsOffice;
}
