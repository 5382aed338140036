using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Designer;

/// <summary>流程适用范围: which deployed process (and version, or always the latest) new suggestions of each kind start.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class SelectionModel(ProcessSelection selection, ProcessEngine engine, CurrentActor current) : PageModel
{
    public IReadOnlyList<ProcessSlotView> Slots { get; private set; } = [];

    /// <summary>Deployed keys with their versions, newest first.</summary>
    public IReadOnlyList<IGrouping<string, DefinitionView>> Definitions { get; private set; } = [];

    [TempData]
    public string? Saved { get; set; }

    public ProcessSlot? FailedSlot { get; private set; }

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(ProcessSlot slot, string? definitionKey, int? version, CancellationToken cancellationToken)
    {
        try
        {
            await selection.SetAsync(slot, definitionKey, version, current.Actor, cancellationToken);
        }
        catch (HandlingValidationException ex)
        {
            FailedSlot = slot;
            Errors = ex.FieldErrors.Count > 0 ? ex.FieldErrors : new Dictionary<string, string> { ["definitionKey"] = ex.Message };
            await LoadAsync(cancellationToken);
            return Page();
        }
        Saved = $"已保存：{ProcessSelection.Label(slot)}";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Slots = await selection.GetAllAsync(cancellationToken);
        Definitions = [.. (await engine.GetDefinitionsAsync(cancellationToken: cancellationToken))
            .OrderByDescending(d => d.Version)
            .GroupBy(d => d.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)];
    }
}
