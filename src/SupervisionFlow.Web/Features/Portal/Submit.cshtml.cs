using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Import;
using SupervisionFlow.Web.Features.Suggestions;

namespace SupervisionFlow.Web.Features.Portal;

/// <summary>
/// 提出建议: the deputy files a suggestion as its lead, with co-signers found by name, the disclosure consent and
/// "reference only". Every field is checked at once with the import's rules, so the messages match the API's.
/// </summary>
[Authorize(Policy = Policies.Deputy)]
public sealed class SubmitModel(
    PortalQuery portal, SuggestionImportService validation, SuggestionIntakeService intake, SimilarSuggestions similar, CurrentActor current,
    IOptions<SuggestionChoices> choices)
    : PageModel
{
    [BindProperty]
    public SubmitInput Input { get; set; } = new();

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
        SearchResults = [.. (await portal.SearchDeputiesAsync(DeputySearch ?? "", deputyId, cancellationToken)).Where(d => !selected.Contains(d.Id))];
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
        var matches = await similar.FindAsync(Number(Input.Term), Number(Input.Session), Input.Title, Input.Content, excludeId: null, cancellationToken);
        Similar = new SimilarPanel(true, SimilarView.For(matches, full: false, deputyId));
        SelectedCoSigners = await portal.DeputiesAsync(Input.CoSignerIds, cancellationToken);
        return Page();
    }

    private static int Number(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (current.DeputyId is not { } deputyId)
        {
            NotLinked = true;
            return Page();
        }
        var row = new ImportRow(1, Input.Kind, Input.Term, Input.Session, Input.Title, Input.Content, Input.Category, Input.FormedBy,
            deputyId.ToString(CultureInfo.InvariantCulture), string.Join(",", Input.CoSignerIds), Input.Disclosure, Input.ReferenceOnly ? "true" : "false");
        var (requests, errors) = await validation.ValidateAsync([row], cancellationToken);
        foreach (var error in errors)
        {
            Errors.TryAdd(error.Field, error.Message);
        }
        if (Errors.Count == 0)
        {
            try
            {
                var suggestion = await intake.SubmitAsync(requests[0], current.Actor, cancellationToken);
                Message = $"建议已提交，编号{suggestion.DisplayNumber}，正在审核。";
                return RedirectToPage("/Portal/Suggestion", new { id = suggestion.Id });
            }
            catch (HandlingValidationException e)
            {
                foreach (var (field, message) in e.FieldErrors)
                {
                    Errors.TryAdd(field, message);
                }
                ErrorMessage = e.FieldErrors.Count == 0 ? e.Message : null;
            }
            catch (HandlingForbiddenException e)
            {
                ErrorMessage = e.Message;
            }
        }
        ErrorMessage ??= "提交未成功，请按提示修改后重新提交。";
        SelectedCoSigners = await portal.DeputiesAsync(Input.CoSignerIds, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

/// <summary>The submit form's fields, as text: checked on the server with Chinese messages, never by the model binder.</summary>
public sealed class SubmitInput
{
    public string? Kind { get; set; } = "BetweenSession";

    public string? Term { get; set; }

    public string? Session { get; set; }

    public string? Title { get; set; }

    public string? Content { get; set; }

    public string? Category { get; set; }

    public string? FormedBy { get; set; }

    public List<int> CoSignerIds { get; set; } = [];

    public string? Disclosure { get; set; } = "Full";

    public bool ReferenceOnly { get; set; }
}
