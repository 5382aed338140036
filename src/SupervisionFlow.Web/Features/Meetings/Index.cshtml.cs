using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Meetings;

/// <summary>专会交办: the 交办会 held so far and a form to open a new one.</summary>
[Authorize(Policy = Policies.Office)]
public sealed class IndexModel(AppDbContext db, AssignmentMeetingService meetings, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed record MeetingRow(int Id, string Name, DateOnly HeldOn, string? Location, string CreatedBy, int Assigned);

    public sealed class NewMeeting
    {
        [Required(ErrorMessage = "请填写交办会名称")]
        [StringLength(200, ErrorMessage = "名称不超过 200 字")]
        [Display(Name = "名称")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "请填写召开日期")]
        [Display(Name = "召开日期")]
        public DateOnly? HeldOn { get; set; }

        [StringLength(200, ErrorMessage = "地点不超过 200 字")]
        [Display(Name = "地点")]
        public string? Location { get; set; }
    }

    public IReadOnlyList<MeetingRow> Meetings { get; private set; } = [];

    public int AwaitingAssignment { get; private set; }

    [BindProperty]
    public NewMeeting Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.HeldOn = ChinaTime.Today(clock);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        try
        {
            var meeting = await meetings.CreateMeetingAsync(Input.Name!, Input.HeldOn!.Value, string.IsNullOrWhiteSpace(Input.Location) ? null : Input.Location.Trim(), current.Actor, cancellationToken);
            return RedirectToPage("/Meetings/Details", new { id = meeting.Id });
        }
        catch (HandlingValidationException e)
        {
            ModelState.AddModelError("Input.Name", e.Message);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Set<Assignment>().AsNoTracking().Where(a => a.MeetingId != null)
            .GroupBy(a => a.MeetingId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var rows = await db.Set<AssignmentMeeting>().AsNoTracking().ToListAsync(cancellationToken);
        Meetings = [.. rows.OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Id)
            .Select(m => new MeetingRow(m.Id, m.Name, m.HeldOn, m.Location, m.CreatedBy, counts.GetValueOrDefault(m.Id)))];
        AwaitingAssignment = await db.Set<Suggestion>().CountAsync(s => s.State == SuggestionState.AwaitingAssignment, cancellationToken);
    }
}
