using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Public;

/// <summary>建议公开: closed suggestions whose deputies consented, searchable by session, category, unit and words.</summary>
[AllowAnonymous]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public const int PageSize = 20;

    public sealed record Item(
        int Id, string Number, string Session, string Title, string Category, IReadOnlyList<string> Units, DateOnly? ClosedOn, bool FullText);

    [BindProperty(SupportsGet = true)]
    public int? Term { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Session { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public int Total => Pages.Total;

    public Pager Pages { get; private set; } = null!;

    public IReadOnlyList<int> Terms { get; private set; } = [];

    public IReadOnlyList<int> Sessions { get; private set; } = [];

    public IReadOnlyList<string> Categories { get; private set; } = [];

    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var disclosed = PublicSuggestions.Disclosed(db);
        Terms = await disclosed.Select(s => s.Term).Distinct().OrderByDescending(t => t).ToListAsync(cancellationToken);
        Sessions = await disclosed.Select(s => s.Session).Distinct().OrderBy(s => s).ToListAsync(cancellationToken);
        Categories = await disclosed.Select(s => s.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        var unitIds = await disclosed.SelectMany(s => s.Units.Where(u => u.IsActive).Select(u => u.UnitId)).Distinct().ToListAsync(cancellationToken);
        Units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).OrderBy(u => u.Name).ToListAsync(cancellationToken);

        var query = disclosed.InTerm(Term).InSession(Session).InCategory(Category).HandledBy(Unit);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            // Words are searched in the content only where the deputy consented to publish it.
            query = query.Where(s => s.Title.Contains(q) || (s.Disclosure == DisclosureConsent.Full && s.Content.Contains(q)));
        }
        var total = await query.CountAsync(cancellationToken);
        Pages = new Pager("/Public", total, PageSize, PageNumber, new Dictionary<string, string?>
        {
            ["term"] = Term?.ToString(CultureInfo.InvariantCulture), ["session"] = Session?.ToString(CultureInfo.InvariantCulture),
            ["category"] = Category, ["unit"] = Unit, ["q"] = Q,
        });
        var rows = await query
            .OrderByDescending(s => s.Term).ThenByDescending(s => s.Session).ThenBy(s => s.Kind).ThenBy(s => s.Number)
            .Skip(Pages.Skip).Take(PageSize)
            .Include(s => s.Units)
            .ToListAsync(cancellationToken);
        var names = await UnitNames.AllAsync(db, cancellationToken);
        Items = [.. rows.Select(s => new Item(
            s.Id, s.DisplayNumber, SessionLabel(s), s.Title, s.Category,
            [.. s.Units.Where(u => u.IsActive).OrderBy(u => u.Role).Select(u => names.GetValueOrDefault(u.UnitId, u.UnitId))],
            s.ClosedAt is { } closed ? ChinaTime.DateOf(closed) : null,
            s.Disclosure == DisclosureConsent.Full))];
    }

    public static string SessionLabel(Suggestion s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return $"第{s.Term}届第{s.Session}次会议{(s.Kind == SuggestionKind.Session ? "大会建议" : "闭会建议")}";
    }

}
