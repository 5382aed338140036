using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Archive;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// 建议详情: all fields, units, deadline, the timeline of every step, replies, ratings (cut to the viewer, see
/// <see cref="SuggestionFile"/>) and the process diagram (viewer.js reads <c>?handler=Diagram</c>). Reachable by
/// whoever <see cref="SuggestionScope"/> lets see the suggestion; anyone else gets 403.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DetailsModel(
    AppDbContext db, ProcessEngine engine, ArchivedHistoryReader archive, CurrentActor current, TimeProvider clock,
    SimilarSuggestions similar, SuggestionMerge merge) : PageModel
{
    public SuggestionFile Dossier { get; private set; } = null!;

    /// <summary>Set when the suggestion's engine history was moved to the archive (the diagram then reads it there).</summary>
    public ArchivedSuggestion? Archived { get; private set; }

    public Suggestion? MergedInto { get; private set; }

    /// <summary>The office's 相似建议 of the same session (candidates for 并案); empty for anyone else.</summary>
    public SimilarPanel Similar { get; private set; } = SimilarPanel.NotSearched;

    /// <summary>The suggestions merged into this one, with the reason of each (office view only).</summary>
    public IReadOnlyList<MergedSuggestion> MergedHere { get; private set; } = [];

    /// <summary>Whether the viewer may merge this suggestion into another (the office, while it is open).</summary>
    public bool CanMerge { get; private set; }

    [BindProperty]
    public int? MainId { get; set; }

    [BindProperty]
    public string? MergeReason { get; set; }

    public string? MergeError { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var (suggestion, scope, perspective) = await AuthorizeAsync(id, cancellationToken);
        if (suggestion is null)
        {
            return NotFound();
        }
        if (perspective is null)
        {
            return Forbid();
        }
        await LoadAsync(suggestion, scope, perspective.Value, cancellationToken);
        return Page();
    }

    /// <summary>并案: the office merges this suggestion into <see cref="MainId"/>; a refusal re-renders with its reason and changes nothing.</summary>
    public async Task<IActionResult> OnPostMergeAsync(int id, CancellationToken cancellationToken)
    {
        var (suggestion, scope, perspective) = await AuthorizeAsync(id, cancellationToken);
        if (suggestion is null)
        {
            return NotFound();
        }
        if (perspective is null || !current.IsOffice)
        {
            return Forbid();
        }
        try
        {
            await merge.MergeAsync(id, MainId ?? 0, MergeReason ?? "", current.Actor, cancellationToken);
            Message = "已并案办理，本件流程已终止，并已通知提出代表。";
            return RedirectToPage(new { id });
        }
        catch (HandlingValidationException e)
        {
            MergeError = e.Message;
        }
        catch (HandlingNotFoundException e)
        {
            MergeError = e.Message;
        }
        await LoadAsync(suggestion, scope, perspective.Value, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(Suggestion suggestion, SuggestionScope scope, SuggestionPerspective perspective, CancellationToken cancellationToken)
    {
        Dossier = await SuggestionFile.LoadAsync(db, suggestion, perspective, scope, ChinaTime.Today(clock), cancellationToken);
        Archived = await archive.IndexOfAsync(suggestion.Id, cancellationToken);
        if (suggestion.MergedIntoId is { } merged)
        {
            MergedInto = scope.Apply(db.Set<Suggestion>().AsNoTracking()).FirstOrDefault(s => s.Id == merged);
        }
        if (!current.IsOffice)
        {
            return;
        }
        var matches = await similar.FindAsync(suggestion.Term, suggestion.Session, suggestion.Title, suggestion.Content, suggestion.Id, cancellationToken);
        Similar = new SimilarPanel(true, SimilarView.For(matches, full: true, deputyId: null));
        CanMerge = suggestion.MergedIntoId is null
                   && suggestion.State is not (SuggestionState.Closed or SuggestionState.Withdrawn or SuggestionState.Converted or SuggestionState.Merged);
        MergedHere = await db.Set<Suggestion>().AsNoTracking()
            .Where(s => s.MergedIntoId == suggestion.Id)
            .OrderBy(s => s.Id)
            .Select(s => new MergedSuggestion(s.Id, s.Kind, s.Number, s.Title,
                db.Set<ReviewDecision>().Where(r => r.SuggestionId == s.Id && r.Outcome == ReviewOutcome.Merge)
                    .OrderByDescending(r => r.Id).Select(r => r.Reason).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The suggestion's process instances (the intake process and the ones it called, which share its business key)
    /// with their diagrams, the activities they completed (engine history) and those active now.
    /// </summary>
    public async Task<IActionResult> OnGetDiagramAsync(int id, CancellationToken cancellationToken)
    {
        var (suggestion, _, perspective) = await AuthorizeAsync(id, cancellationToken);
        if (suggestion is null)
        {
            return NotFound();
        }
        if (perspective is null)
        {
            return Forbid();
        }
        var instances = await engine.FindInstancesAsync(new Engine.Queries.InstanceQuery(BusinessKey: id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        // Null unless archived: then the completed activities come from the archive member, read once for all instances.
        var archived = await archive.ReadAsync(id, cancellationToken);
        var diagrams = new List<object>();
        foreach (var instance in instances.OrderBy(i => i.StartedAt))
        {
            var xml = await engine.GetDefinitionXmlAsync(instance.DefinitionId, cancellationToken);
            if (xml is null)
            {
                continue;
            }
            var history = await archive.HistoryAsync(instance.Id, archived, cancellationToken);
            var definition = (await engine.GetDefinitionsAsync(instance.DefinitionKey, cancellationToken)).FirstOrDefault(d => d.Id == instance.DefinitionId);
            diagrams.Add(new
            {
                title = definition?.Name ?? instance.DefinitionKey,
                definitionKey = instance.DefinitionKey,
                version = instance.Version,
                state = instance.State switch
                {
                    "active" => "进行中",
                    "completed" => "已完成",
                    "terminated" => "已终止",
                    _ => instance.State,
                },
                xml,
                archived = archived is not null,
                completed = history.Where(h => h.EndedAt is not null && !h.Canceled).Select(h => h.ActivityId).Distinct().ToList(),
                active = instance.ActiveActivityIds.Distinct().ToList(),
            });
        }
        return new JsonResult(new { diagrams });
    }

    private async Task<(Suggestion? Suggestion, SuggestionScope Scope, SuggestionPerspective? Perspective)> AuthorizeAsync(int id, CancellationToken cancellationToken)
    {
        var scope = SuggestionScope.For(current.Actor);
        var (suggestion, perspective) = await scope.LoadAsync(db, id, cancellationToken);
        return (suggestion, scope, perspective);
    }
}

/// <summary>A suggestion merged into the one shown, for its 并案 section.</summary>
public sealed record MergedSuggestion(int Id, SuggestionKind Kind, int Number, string Title, string? Reason)
{
    public string DisplayNumber => $"第{Number}号";
}
