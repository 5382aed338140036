using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// 批量操作进度 (office): one bulk run from its <c>bulk_operations</c> row — progress while its job works (the page
/// refreshes itself, no script), then every suggestion's outcome with what changed or why not; 继续执行 enqueues a
/// runner again for a run whose job gave up.
/// </summary>
[Authorize(Policy = Policies.Office)]
public sealed class BulkProgressModel(AppDbContext db, BulkRunner runs, BulkRunJob jobs) : PageModel
{
    /// <summary>Rows shown: the failed and refused ones first, as they need the office's attention.</summary>
    public const int ItemsShown = 1000;

    public sealed record Row(int SuggestionId, string Number, string Title, string? Outcome, string? Note);

    public BulkRun Run { get; private set; } = null!;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<BulkRun> Recent { get; private set; } = [];

    public bool InProgress => BackgroundRunState.InProgress(Run.State);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var run = await db.Set<BulkRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return NotFound();
        }
        Run = run;
        var items = await db.Set<BulkRunItem>().AsNoTracking().Where(i => i.BulkRunId == id)
            .OrderBy(i => i.Outcome == BulkRunItem.Failed ? 0 : i.Outcome == BulkRunItem.Refused ? 1 : i.Outcome == BulkRunItem.Done ? 2 : 3)
            .ThenBy(i => i.Position).Take(ItemsShown).ToListAsync(cancellationToken);
        var ids = items.Select(i => i.SuggestionId).ToList();
        var suggestions = await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        Rows = [.. items.Select(i => suggestions.TryGetValue(i.SuggestionId, out var s)
            ? new Row(i.SuggestionId, SuggestionText.Number(s), s.Title, i.Outcome, i.Note)
            : new Row(i.SuggestionId, "", "", i.Outcome, i.Note))];
        Recent = await runs.RecentAsync(BulkModel.RecentShown, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResumeAsync(long id, CancellationToken cancellationToken)
    {
        var state = await db.Set<BulkRun>().Where(r => r.Id == id).Select(r => r.State).FirstOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            return NotFound();
        }
        if (BackgroundRunState.InProgress(state))
        {
            jobs.Resume(id);
        }
        return RedirectToPage(new { id });
    }
}
