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
/// key flag per row, confirm once. Every row is checked before anything is written and all refused rows are named at
/// once; "去掉这些并继续" drops them and confirms the rest. A confirmed list is stored on the meeting and assigned in
/// chunks (<see cref="AssignmentMeetingService"/>): without script in this request, with meetings.js one chunk per
/// call with a progress bar read from the database; an unfinished list is shown with "继续交办" when the page opens.
/// </summary>
[Authorize(Policy = Policies.Office)]
// Up to ~1,200 rows of eight fields when the form is posted without script (the default limit, 1,024 values, is ~128 rows).
[RequestFormLimits(ValueCountLimit = 10_000)]
public sealed partial class DetailsModel(
    AppDbContext db, AssignmentMeetingService meetings, CurrentActor current) : PageModel
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

    /// <summary>The form without script: every selected row checked, confirmed and assigned chunk by chunk in this request.</summary>
    public Task<IActionResult> OnPostAssignAsync(int id, CancellationToken cancellationToken) =>
        AssignSelectedAsync(id, [], cancellationToken);

    /// <summary>"去掉这些并继续": the same rows without the ones refused last time (<see cref="Refused"/>).</summary>
    public Task<IActionResult> OnPostAssignWithoutRefusedAsync(int id, CancellationToken cancellationToken) =>
        AssignSelectedAsync(id, [.. Refused], cancellationToken);

    /// <summary>The form without script: assigns what is left of the meeting's confirmed list (after a crash or a closed browser).</summary>
    public async Task<IActionResult> OnPostResumeAsync(int id, CancellationToken cancellationToken)
    {
        if (!await MeetingExistsAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (Refused.Count > 0)
        {
            await meetings.DropAsync(id, Refused, current.Actor, cancellationToken);
        }
        var (progress, errors) = await RunAsync(() => meetings.ResumeAsync(id, current.Actor, cancellationToken), cancellationToken);
        if (progress is not null)
        {
            Message = $"已交办 {progress.Done} 件建议。";
            return RedirectToPage(new { id });
        }
        await LoadAsync(id, cancellationToken);
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

    /// <summary>meetings.js: checks and stores the list as the meeting's plan; nothing is assigned yet.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(int id, [FromBody] List<RowInput> rows, CancellationToken cancellationToken)
    {
        if (!await MeetingExistsAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var (orders, errors) = await CheckAsync(rows ?? [], cancellationToken);
        if (errors.Count == 0)
        {
            (var progress, errors) = await RunAsync(() => meetings.ConfirmAsync(id, orders, current.Actor, cancellationToken), cancellationToken);
            if (progress is not null)
            {
                return new JsonResult(new { total = progress.Total, done = progress.Done });
            }
        }
        return new JsonResult(new { errors }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
    }

    /// <summary>meetings.js: the next chunk of the meeting's plan, one transaction; answers the progress from the database.</summary>
    public async Task<IActionResult> OnPostNextAsync(int id, CancellationToken cancellationToken)
    {
        if (!await MeetingExistsAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var (progress, errors) = await RunAsync(() => meetings.AssignNextChunkAsync(id, current.Actor, cancellationToken), cancellationToken);
        if (progress is not null)
        {
            return new JsonResult(new { total = progress.Total, done = progress.Done, finished = progress.Finished });
        }
        return new JsonResult(new { errors }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
    }

    /// <summary>meetings.js: drops the refused lines from the plan ("去掉这些并继续").</summary>
    public async Task<IActionResult> OnPostDropAsync(int id, [FromBody] List<int> suggestionIds, CancellationToken cancellationToken)
    {
        if (!await MeetingExistsAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var progress = await meetings.DropAsync(id, suggestionIds ?? [], current.Actor, cancellationToken);
        return new JsonResult(new { total = progress.Total, done = progress.Done, finished = progress.Finished });
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

    /// <summary>Suggestions refused last time, dropped by "去掉这些并继续".</summary>
    [BindProperty]
    public List<int> Refused { get; set; } = [];

    /// <summary>The meeting's confirmed list, when it is not yet wholly assigned.</summary>
    public MeetingProgress? Pending { get; private set; }

    private Task<bool> MeetingExistsAsync(int id, CancellationToken cancellationToken) =>
        db.Set<AssignmentMeeting>().AnyAsync(m => m.Id == id, cancellationToken);

    private async Task<IActionResult> AssignSelectedAsync(int id, HashSet<int> drop, CancellationToken cancellationToken)
    {
        // As posted: LoadAsync keeps only rows still awaiting assignment, and the stale ones must be named.
        var selected = Rows.Where(r => r.Selected && !drop.Contains(r.SuggestionId)).ToList();
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        foreach (var row in Rows.Where(r => drop.Contains(r.SuggestionId)))
        {
            row.Selected = false;
        }
        if (selected.Count == 0)
        {
            Errors = [new RowError(0, "", "请至少选择一件建议")];
            return Page();
        }
        var (orders, errors) = await CheckAsync(selected, cancellationToken);
        if (errors.Count == 0)
        {
            (var progress, errors) = await RunAsync(() => meetings.AssignAsync(id, orders, current.Actor, cancellationToken), cancellationToken);
            if (errors.Count == 0)
            {
                Message = $"已交办 {progress} 件建议。";
                return RedirectToPage(new { id });
            }
        }
        Errors = errors;
        Refused = [.. errors.Where(e => e.SuggestionId != 0).Select(e => e.SuggestionId)];
        Pending = await PendingAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>Runs one service call and turns its refusals into row errors (every refused line, by number and title).</summary>
    private async Task<(T? Result, List<RowError> Errors)> RunAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return (await action(), []);
        }
        catch (AssignmentRefusedException e)
        {
            return (default, [.. e.Refusals.Select(r => new RowError(r.SuggestionId, r.Label, r.Reason))]);
        }
        catch (HandlingValidationException e)
        {
            var suggestionId = e.SuggestionId ?? 0;
            var labels = await RowLabelsAsync([suggestionId], cancellationToken);
            return (default, [new RowError(suggestionId, labels.GetValueOrDefault(suggestionId, ""), e.Message)]);
        }
        catch (EngineException e) when (e is EngineConflictException or EngineNotFoundException)
        {
            // Nothing of the chunk was saved (one command); the chunks before it stay assigned: continue to retry.
            return (default, [new RowError(0, "", $"{EngineMessages.For(e)}本批交办未执行，可点击“继续交办”重试。")]);
        }
        catch (DbUpdateException)
        {
            return (default, [new RowError(0, "", EngineMessages.SaveFailed)]);
        }
    }

    private async Task<MeetingProgress?> PendingAsync(int id, CancellationToken cancellationToken)
    {
        var progress = await meetings.ProgressAsync(id, cancellationToken);
        return progress.Finished ? null : progress;
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
        var labels = await RowLabelsAsync([.. rows.Select(r => r.SuggestionId)], cancellationToken);
        var open = await meetings.AwaitingAssignmentAsync([.. rows.Select(r => r.SuggestionId)], cancellationToken);

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
                problems.Add("不在待交办状态（可能已被交办、退回或撤回）");
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

        var open = await meetings.AwaitingAssignmentAsync(null, cancellationToken);
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
        Pending = await PendingAsync(id, cancellationToken);

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
