using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Documents;

/// <summary><c>/Documents/Letters/{meetingId}</c> (office): the 交办函 to each unit of a 交办会 and the 一人一函 to each lead deputy.</summary>
[Authorize(Policy = Policies.Office)]
public sealed class LettersModel(AppDbContext db, OfficeLetters letters) : PageModel
{
    public AssignmentMeeting? Meeting { get; private set; }

    public IReadOnlyList<(string Id, string Name, int Count)> Units { get; private set; } = [];

    public IReadOnlyList<(int Id, string Name, int Count)> Deputies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int meetingId, CancellationToken cancellationToken)
    {
        Meeting = await db.Set<AssignmentMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (Meeting is null)
        {
            return NotFound();
        }
        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => a.MeetingId == meetingId).ToListAsync(cancellationToken);
        var unitNames = await UnitNames.AllAsync(db, cancellationToken);
        Units = [.. assignments
            .SelectMany(a => new[] { a.LeadUnitId }.Concat((a.OtherUnitIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .GroupBy(u => u).Select(g => (g.Key, unitNames.GetValueOrDefault(g.Key, g.Key), g.Count())).OrderBy(u => u.Item1, StringComparer.Ordinal)];
        var ids = assignments.Select(a => a.SuggestionId).ToList();
        var leads = await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => s.LeadDeputyId).ToListAsync(cancellationToken);
        var deputyIds = leads.Distinct().ToList();
        var names = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        Deputies = [.. leads.GroupBy(d => d).Select(g => (g.Key, names.GetValueOrDefault(g.Key, g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)), g.Count())).OrderBy(d => d.Item1)];
        return Page();
    }

    public async Task<IActionResult> OnGetAssignmentAsync(int meetingId, string unit, CancellationToken cancellationToken)
    {
        var bytes = await letters.AssignmentLetterAsync(meetingId, unit, cancellationToken);
        var name = await db.Set<HandlingUnit>().Where(u => u.Id == unit).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
        return bytes is null ? NotFound() : File(bytes, ReplyLetters.DocxType, $"交办函-{name}.docx");
    }

    public async Task<IActionResult> OnGetDeputyAsync(int deputyId, CancellationToken cancellationToken)
    {
        var bytes = await letters.DeputyLetterAsync(deputyId, cancellationToken);
        var name = await db.Set<Deputy>().Where(d => d.Id == deputyId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        return bytes is null ? NotFound() : File(bytes, ReplyLetters.DocxType, $"一人一函-{name}.docx");
    }
}
