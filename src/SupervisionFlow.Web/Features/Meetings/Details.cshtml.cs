using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Exports;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Meetings;

/// <summary>
/// One 交办会: pick reviewed suggestions (those with an open <c>assign</c> task), set lead unit, co-units, 分办 and the
/// key flag per row, confirm once. Without script the form posts every selected row to one
/// <see cref="AssignmentMeetingService.AssignAsync"/> (all or nothing). With meetings.js the page first checks every
/// row (<see cref="OnPostCheckAsync"/>: nothing is written, every bad row is reported), then sends the rows in chunks
/// of 50, each its own all-or-nothing call, and shows the progress.
/// </summary>
[Authorize(Policy = Policies.Office)]
// Up to ~1,200 rows of eight fields when the form is posted without script (the default limit, 1,024 values, is ~128 rows).
[RequestFormLimits(ValueCountLimit = 10_000)]
public sealed partial class DetailsModel(
    AppDbContext db, ProcessEngine engine, AssignmentMeetingService meetings, CurrentActor current) : PageModel
{
    public sealed record Candidate(int SuggestionId, string Number, string Title, string Category, string Kind, string LeadDeputy);

    public sealed record AssignedRow(int SuggestionId, AssignmentListRow Row);

    /// <summary>One row of the table as posted (by the form or as JSON by meetings.js). Units by name or id.</summary>
    public sealed class RowInput
    {
        public int SuggestionId { get; set; }

        public bool Selected { get; set; }

        public string? LeadUnit { get; set; }

        /// <summary>会办 (or further 分办) units, separated by 、 , ; or spaces.</summary>
        public string? OtherUnits { get; set; }

        /// <summary><c>LeadWithCo</c> (主办+会办, the default) or <c>Separate</c> (分办).</summary>
        public string? Mode { get; set; }

        public HandlingMode HandlingMode => Mode == nameof(HandlingMode.Separate) ? HandlingMode.Separate : HandlingMode.LeadWithCo;

        public bool IsKey { get; set; }

        public string? KeyLeaderId { get; set; }

        public string? KeyCommitteeId { get; set; }
    }

    public sealed record RowError(int SuggestionId, string Row, string Message);

    public AssignmentMeeting Meeting { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public List<RowInput> Rows { get; set; } = [];

    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];

    /// <summary>Candidates before the category/search filter.</summary>
    public int CandidateTotal { get; private set; }

    public IReadOnlyList<string> Categories { get; private set; } = [];

    public IReadOnlyList<AssignedRow> Assigned { get; private set; } = [];

    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];

    public IReadOnlyList<Leader> Leaders { get; private set; } = [];

    public IReadOnlyList<Committee> Committees { get; private set; } = [];

    public IReadOnlyList<RowError> Errors { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>How many meetings.js has just assigned (it reloads the page with <c>?done=n</c>).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        return Page();
    }

    /// <summary>The form without script: every selected row in one all-or-nothing call.</summary>
    public async Task<IActionResult> OnPostAssignAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var selected = Rows.Where(r => r.Selected).ToList();
        if (selected.Count == 0)
        {
            Errors = [new RowError(0, "", "请至少选择一件建议")];
            return Page();
        }
        var (orders, errors) = await CheckAsync(selected, cancellationToken);
        if (errors.Count == 0)
        {
            var failure = await AssignAsync(id, orders, cancellationToken);
            if (failure is null)
            {
                Message = $"已交办 {orders.Count} 件建议。";
                return RedirectToPage(new { id });
            }
            errors = [failure];
        }
        Errors = errors;
        return Page();
    }

    /// <summary>meetings.js, before it sends anything: every row's problems, nothing written.</summary>
    public async Task<IActionResult> OnPostCheckAsync(int id, [FromBody] List<RowInput> rows, CancellationToken cancellationToken)
    {
        if (!await MeetingExistsAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var (orders, errors) = await CheckAsync(rows ?? [], cancellationToken);
        return new JsonResult(new { ok = errors.Count == 0, count = orders.Count, errors });
    }

    /// <summary>meetings.js: one chunk (at most 50 rows), all or nothing.</summary>
    public async Task<IActionResult> OnPostChunkAsync(int id, [FromBody] List<RowInput> rows, CancellationToken cancellationToken)
    {
        if (!await MeetingExistsAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (rows is null || rows.Count == 0 || rows.Count > MaxChunk)
        {
            return BadRequest(new { message = $"每批 1 至 {MaxChunk} 件" });
        }
        var (orders, errors) = await CheckAsync(rows, cancellationToken);
        if (errors.Count == 0)
        {
            var failure = await AssignAsync(id, orders, cancellationToken);
            if (failure is null)
            {
                return new JsonResult(new { assigned = orders.Count });
            }
            errors = [failure];
        }
        return new JsonResult(new { assigned = 0, errors }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
    }

    /// <summary>GET /Meetings/{id}?handler=List: the 交办清单 of this meeting as .xlsx.</summary>
    public async Task<IActionResult> OnGetListAsync(int id, CancellationToken cancellationToken)
    {
        var meeting = await db.Set<AssignmentMeeting>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return NotFound();
        }
        var rows = await AssignedAsync(id, cancellationToken);
        return XlsxFile.Result($"交办清单-{meeting.Name}-{meeting.HeldOn:yyyyMMdd}.xlsx", AssignmentListWorkbook.Sheet(rows.Select(r => r.Row)));
    }

    public const int MaxChunk = 50;

    private Task<bool> MeetingExistsAsync(int id, CancellationToken cancellationToken) =>
        db.Set<AssignmentMeeting>().AnyAsync(m => m.Id == id, cancellationToken);

    private async Task<RowError?> AssignAsync(int meetingId, List<AssignmentOrder> orders, CancellationToken cancellationToken)
    {
        try
        {
            await meetings.AssignAsync(meetingId, orders, current.Actor, cancellationToken);
            return null;
        }
        catch (HandlingValidationException e)
        {
            // The service names the line it refused; point at that row of the table.
            var suggestionId = e.SuggestionId ?? 0;
            var labels = await RowLabelsAsync([suggestionId], cancellationToken);
            return new RowError(suggestionId, labels.GetValueOrDefault(suggestionId, ""), e.Message);
        }
        catch (EngineException e) when (e is EngineConflictException or EngineNotFoundException)
        {
            // Nothing of the chunk was saved (one command): reload and assign again.
            return new RowError(0, "", $"{EngineMessages.For(e)}本次交办未执行。");
        }
        catch (DbUpdateException)
        {
            return new RowError(0, "", EngineMessages.SaveFailed);
        }
    }

    /// <summary>
    /// Resolves the units typed into each row and checks what AssignAsync would refuse: an open 交办 task, a known active
    /// lead unit, known co-units, a leader and committee for a key suggestion. Every row is checked, not only the first bad one.
    /// </summary>
    private async Task<(List<AssignmentOrder> Orders, List<RowError> Errors)> CheckAsync(IReadOnlyList<RowInput> rows, CancellationToken cancellationToken)
    {
        var units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.IsActive).ToListAsync(cancellationToken);
        var leaders = await db.Set<Leader>().AsNoTracking().Select(l => l.Id).ToListAsync(cancellationToken);
        var committees = await db.Set<Committee>().AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken);
        var open = await OpenAssignTasksAsync(cancellationToken);
        var labels = await RowLabelsAsync([.. rows.Select(r => r.SuggestionId)], cancellationToken);

        string? Resolve(string text) =>
            units.FirstOrDefault(u => u.Id == text)?.Id ?? units.FirstOrDefault(u => u.Name == text)?.Id;

        var orders = new List<AssignmentOrder>();
        var errors = new List<RowError>();
        var seen = new HashSet<int>();
        foreach (var row in rows)
        {
            var label = labels.GetValueOrDefault(row.SuggestionId, $"建议 {row.SuggestionId}");
            var problems = new List<string>();
            if (!seen.Add(row.SuggestionId))
            {
                problems.Add("同一件建议选择了两次");
            }
            if (!open.Contains(row.SuggestionId))
            {
                problems.Add("不在待交办状态（可能已被交办）");
            }
            string? lead = null;
            if (string.IsNullOrWhiteSpace(row.LeadUnit))
            {
                problems.Add(row.HandlingMode == HandlingMode.Separate ? "请填写分办单位" : "请填写主办单位");
            }
            else if ((lead = Resolve(row.LeadUnit.Trim())) is null)
            {
                problems.Add($"承办单位“{row.LeadUnit.Trim()}”不存在");
            }
            var others = new List<string>();
            foreach (var text in SplitUnits(row.OtherUnits))
            {
                if (Resolve(text) is { } other)
                {
                    if (other != lead && !others.Contains(other))
                    {
                        others.Add(other);
                    }
                }
                else
                {
                    problems.Add($"承办单位“{text}”不存在");
                }
            }
            if (row.IsKey)
            {
                if (string.IsNullOrWhiteSpace(row.KeyLeaderId) || !leaders.Contains(row.KeyLeaderId))
                {
                    problems.Add("重点督办建议须选择督办领导");
                }
                if (string.IsNullOrWhiteSpace(row.KeyCommitteeId) || !committees.Contains(row.KeyCommitteeId))
                {
                    problems.Add("重点督办建议须选择对口专委会");
                }
            }
            if (problems.Count > 0)
            {
                errors.Add(new RowError(row.SuggestionId, label, string.Join("；", problems)));
                continue;
            }
            orders.Add(new AssignmentOrder(row.SuggestionId, lead!, others, row.HandlingMode, row.IsKey,
                row.IsKey ? row.KeyLeaderId : null, row.IsKey ? row.KeyCommitteeId : null));
        }
        return (orders, errors);
    }

    public static IEnumerable<string> SplitUnits(string? text) =>
        (text ?? "").Split(['、', ',', '，', ';', '；', ' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task<HashSet<int>> OpenAssignTasksAsync(CancellationToken cancellationToken) =>
        [.. (await engine.FindTasksAsync(new TaskQuery(ActivityId: "assign"), cancellationToken))
            .Select(t => int.TryParse(t.BusinessKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)];

    private async Task<Dictionary<int, string>> RowLabelsAsync(List<int> ids, CancellationToken cancellationToken) =>
        (await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Number, s.Title }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Id, s => $"第{s.Number}号《{s.Title}》");

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var meeting = await db.Set<AssignmentMeeting>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return false;
        }
        Meeting = meeting;
        Units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Kind).ThenBy(u => u.Name).ToListAsync(cancellationToken);
        Leaders = await db.Set<Leader>().AsNoTracking().OrderBy(l => l.Name).ToListAsync(cancellationToken);
        Committees = await db.Set<Committee>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);

        var open = await OpenAssignTasksAsync(cancellationToken);
        var suggestions = await db.Set<Suggestion>().AsNoTracking().Where(s => open.Contains(s.Id)).ToListAsync(cancellationToken);
        CandidateTotal = suggestions.Count;
        Categories = [.. suggestions.Select(s => s.Category).Distinct().Order(StringComparer.Ordinal)];
        if (!string.IsNullOrWhiteSpace(Category))
        {
            suggestions = [.. suggestions.Where(s => s.Category == Category)];
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            suggestions = [.. suggestions.Where(s =>
                s.Title.Contains(q, StringComparison.OrdinalIgnoreCase) || s.Content.Contains(q, StringComparison.OrdinalIgnoreCase) ||
                s.DisplayNumber == q || s.Number.ToString(CultureInfo.InvariantCulture) == q)];
        }
        var deputyIds = suggestions.Select(s => s.LeadDeputyId).Distinct().ToList();
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        Candidates = [.. suggestions.OrderBy(s => s.Term).ThenBy(s => s.Session).ThenBy(s => s.Kind).ThenBy(s => s.Number)
            .Select(s => new Candidate(s.Id, s.DisplayNumber, s.Title, s.Category, s.Kind == SuggestionKind.Session ? "大会" : "闭会",
                deputies.GetValueOrDefault(s.LeadDeputyId, ""))) ];
        Assigned = await AssignedAsync(id, cancellationToken);

        // Keep what the user typed when the form comes back with errors.
        var posted = Rows.GroupBy(r => r.SuggestionId).ToDictionary(g => g.Key, g => g.First());
        Rows = [.. Candidates.Select(c => posted.GetValueOrDefault(c.SuggestionId) ?? new RowInput { SuggestionId = c.SuggestionId })];
        return true;
    }

    private async Task<List<AssignedRow>> AssignedAsync(int meetingId, CancellationToken cancellationToken)
    {
        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => a.MeetingId == meetingId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var ids = assignments.Select(a => a.SuggestionId).ToList();
        var suggestions = await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var deputyIds = suggestions.Values.Select(s => s.LeadDeputyId).Distinct().ToList();
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var units = await UnitNames.AllAsync(db, cancellationToken);
        return [.. assignments.Where(a => suggestions.ContainsKey(a.SuggestionId))
            .OrderBy(a => suggestions[a.SuggestionId].Number)
            .Select(a =>
            {
                var s = suggestions[a.SuggestionId];
                var others = (a.OtherUnitIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => units.GetValueOrDefault(u, u)).ToList();
                return new AssignedRow(s.Id, new AssignmentListRow(
                    s.DisplayNumber, s.Title, s.Category, deputies.GetValueOrDefault(s.LeadDeputyId, ""), units.GetValueOrDefault(a.LeadUnitId, a.LeadUnitId),
                    others, a.Mode == HandlingMode.Separate, s.IsKey, a.ReplyDueOn));
            })];
    }
}
