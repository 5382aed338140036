using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Archive;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// 建议详情: all fields, units, deadline, the timeline of every step, replies, ratings (cut to the viewer, see
/// <see cref="SuggestionFile"/>) and the process diagram (viewer.js reads <c>?handler=Diagram</c>). Reachable by
/// whoever <see cref="SuggestionScope"/> lets see the suggestion; anyone else gets 403.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DetailsModel(AppDbContext db, ProcessEngine engine, ArchivedHistoryReader archive, CurrentActor current, TimeProvider clock) : PageModel
{
    public SuggestionFile Dossier { get; private set; } = null!;

    /// <summary>Set when the suggestion's engine history was moved to the archive (the diagram then reads it there).</summary>
    public ArchivedSuggestion? Archived { get; private set; }

    public Suggestion? MergedInto { get; private set; }

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
        Dossier = await SuggestionFile.LoadAsync(db, suggestion, perspective.Value, scope, ChinaTime.Today(clock), cancellationToken);
        Archived = await archive.IndexOfAsync(suggestion.Id, cancellationToken);
        if (suggestion.MergedIntoId is { } merged)
        {
            MergedInto = scope.Apply(db.Set<Suggestion>().AsNoTracking()).FirstOrDefault(s => s.Id == merged);
        }
        return Page();
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
