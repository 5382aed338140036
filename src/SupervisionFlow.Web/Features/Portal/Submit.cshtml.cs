using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Import;
using SupervisionFlow.Web.Features.Suggestions;
using SupervisionFlow.Web.Features.Suggestions.Filing;

namespace SupervisionFlow.Web.Features.Portal;

/// <summary>
/// 提出建议: the deputy files a suggestion as its lead, with co-signers found by name, the disclosure consent and
/// "reference only". The fields and their checks are shared with the office's 代录 form (<see cref="SuggestionFormFiling"/>).
/// </summary>
[Authorize(Policy = Policies.Deputy)]
public sealed class SubmitModel(
    PortalQuery portal, SuggestionFormFiling filing, SimilarSuggestions similar, CurrentActor current, IOptions<SuggestionChoices> choices)
    : PageModel, ISuggestionForm
{
    [BindProperty]
    public SuggestionInput Input { get; set; } = new();

    /// <summary>The co-signer search box.</summary>
    [BindProperty]
    public string? DeputySearch { get; set; }

    public IReadOnlyList<Deputy> SelectedCoSigners { get; private set; } = [];

    public IReadOnlyList<Deputy> SearchResults { get; private set; } = [];

    public bool Searched { get; private set; }

    /// <summary>相似建议 of the session for the title and content typed so far (after "查找相似建议").</summary>
    public SimilarPanel Similar { get; private set; } = SimilarPanel.NotSearched;

    /// <summary>Field name (<c>title</c>, <c>coSignerIds</c> …) → Chinese message.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    IReadOnlyDictionary<string, string> ISuggestionForm.FieldErrors => Errors;

    /// <summary>The deputy files in person.</summary>
    public bool OnBehalf => false;

    public string? ErrorMessage { get; private set; }

    public bool NotLinked { get; private set; }

    public IReadOnlyList<string> Categories => choices.Value.CategoryList;

    public IReadOnlyList<string> FormedByOptions => choices.Value.FormedByList;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NotLinked = current.DeputyId is null;
        var (term, session) = await portal.CurrentSessionAsync(choices.Value.CurrentTerm, choices.Value.CurrentSession, cancellationToken);
        Input.Term = term.ToString(CultureInfo.InvariantCulture);
        Input.Session = session.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>搜索代表: shows the deputies whose name matches, keeping everything typed so far.</summary>
    public async Task<IActionResult> OnPostSearchAsync(CancellationToken cancellationToken)
    {
        if (current.DeputyId is not { } deputyId)
        {
            NotLinked = true;
            return Page();
        }
        Searched = true;
        var selected = Input.CoSignerIds.ToHashSet();
        SearchResults = [.. (await portal.SearchDeputiesAsync(DeputySearch ?? "", deputyId, orDelegation: false, cancellationToken)).Where(d => !selected.Contains(d.Id))];
        SelectedCoSigners = await portal.DeputiesAsync(Input.CoSignerIds, cancellationToken);
        return Page();
    }

    /// <summary>
    /// 查找相似建议 without script: the same list the panel fetches, with everything typed kept. A deputy sees numbers
    /// and titles only (<see cref="SimilarView"/>).
    /// </summary>
    public async Task<IActionResult> OnPostSimilarAsync(CancellationToken cancellationToken)
    {
        if (current.DeputyId is not { } deputyId)
        {
            NotLinked = true;
            return Page();
        }
        var (term, session) = Input.SessionNumbers();
        var matches = await similar.FindAsync(term, session, Input.Title, Input.Content, excludeId: null, cancellationToken);
        Similar = new SimilarPanel(true, SimilarView.For(matches, full: false, deputyId));
        SelectedCoSigners = await portal.DeputiesAsync(Input.CoSignerIds, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (current.DeputyId is not { } deputyId)
        {
            NotLinked = true;
            return Page();
        }
        var outcome = await filing.FileAsync(Input, deputyId.ToString(CultureInfo.InvariantCulture), current.Actor, onBehalf: false, cancellationToken);
        if (outcome.Filed is { } suggestion)
        {
            Message = $"建议已提交，编号{suggestion.DisplayNumber}，正在审核。";
            return RedirectToPage("/Portal/Suggestion", new { id = suggestion.Id });
        }
        foreach (var (field, message) in outcome.Errors)
        {
            Errors.TryAdd(field, message);
        }
        ErrorMessage = outcome.Message ?? "提交未成功，请按提示修改后重新提交。";
        SelectedCoSigners = await portal.DeputiesAsync(Input.CoSignerIds, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
