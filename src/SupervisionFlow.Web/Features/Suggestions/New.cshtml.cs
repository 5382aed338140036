using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Import;
using SupervisionFlow.Web.Features.Portal;
using SupervisionFlow.Web.Features.Suggestions.Filing;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>
/// 代录建议: the office enters a deputy's (paper) suggestion for them, with the deputy's own form's fields and checks
/// (<see cref="SuggestionFormFiling"/>), the lead picked from the directory by name or 代表团. The suggestion is the
/// lead deputy's, filed through the same intake, and the audit trail says the office entered it (联工委代录).
/// Everything works without script: each search button posts the form and the page comes back with what was typed.
/// </summary>
[Authorize(Policy = Policies.Office)]
public sealed class NewModel(
    PortalQuery directory, SuggestionFormFiling filing, SimilarSuggestions similar, CurrentActor current, IOptions<SuggestionChoices> choices)
    : PageModel, ISuggestionForm
{
    [BindProperty]
    public SuggestionInput Input { get; set; } = new();

    /// <summary>The lead deputy picked from the search results (a radio button).</summary>
    [BindProperty]
    public int? LeadDeputyId { get; set; }

    /// <summary>The lead deputy's search box: a name or a 代表团; a unique name also files without picking.</summary>
    [BindProperty]
    public string? LeadSearch { get; set; }

    /// <summary>The co-signer search box.</summary>
    [BindProperty]
    public string? DeputySearch { get; set; }

    public Deputy? Lead { get; private set; }

    public IReadOnlyList<Deputy> LeadResults { get; private set; } = [];

    public bool LeadSearched { get; private set; }

    public IReadOnlyList<Deputy> SelectedCoSigners { get; private set; } = [];

    public IReadOnlyList<Deputy> SearchResults { get; private set; } = [];

    public bool Searched { get; private set; }

    /// <summary>相似建议 with links and scores (the office merges from a suggestion's page).</summary>
    public SimilarPanel Similar { get; private set; } = SimilarPanel.NotSearched;

    /// <summary>Field name (<c>title</c>, <c>leadDeputyId</c> …) → Chinese message.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    IReadOnlyDictionary<string, string> ISuggestionForm.FieldErrors => Errors;

    public bool OnBehalf => true;

    public string? ErrorMessage { get; private set; }

    public IReadOnlyList<string> Categories => choices.Value.CategoryList;

    public IReadOnlyList<string> FormedByOptions => choices.Value.FormedByList;

    /// <summary>Shown by the suggestion's page the office lands on.</summary>
    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (term, session) = await directory.CurrentSessionAsync(choices.Value.CurrentTerm, choices.Value.CurrentSession, cancellationToken);
        Input.Term = term.ToString(CultureInfo.InvariantCulture);
        Input.Session = session.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>查找代表 (lead): the deputies whose name or 代表团 matches, as choices; everything typed is kept.</summary>
    public async Task<IActionResult> OnPostLeadAsync(CancellationToken cancellationToken)
    {
        LeadSearched = true;
        LeadResults = await directory.SearchDeputiesAsync(LeadSearch ?? "", LeadDeputyId ?? 0, orDelegation: true, cancellationToken);
        return await PageAsync(cancellationToken);
    }

    /// <summary>搜索 (co-signers), by name or 代表团.</summary>
    public async Task<IActionResult> OnPostSearchAsync(CancellationToken cancellationToken)
    {
        Searched = true;
        var selected = Input.CoSignerIds.ToHashSet();
        SearchResults = [.. (await directory.SearchDeputiesAsync(DeputySearch ?? "", LeadDeputyId ?? 0, orDelegation: true, cancellationToken))
            .Where(d => !selected.Contains(d.Id))];
        return await PageAsync(cancellationToken);
    }

    /// <summary>查找相似建议 without script; the office sees links, states and scores.</summary>
    public async Task<IActionResult> OnPostSimilarAsync(CancellationToken cancellationToken)
    {
        var (term, session) = Input.SessionNumbers();
        var matches = await similar.FindAsync(term, session, Input.Title, Input.Content, excludeId: null, cancellationToken);
        Similar = new SimilarPanel(true, SimilarView.For(matches, full: true, deputyId: null));
        return await PageAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var lead = await ResolveLeadAsync(cancellationToken);
        // Filed only when the lead is known and every field is right; otherwise every message is shown at once.
        var outcome = await filing.FileAsync(Input, lead?.ToString(CultureInfo.InvariantCulture) ?? "", current.Actor, onBehalf: true, cancellationToken);
        if (outcome.Filed is { } suggestion)
        {
            Message = $"已代录建议，编号{suggestion.DisplayNumber}，正在审核。如与相似建议重复，可在下方“相似建议”中并案办理。";
            return RedirectToPage("/Suggestions/Details", new { id = suggestion.Id });
        }
        foreach (var (field, message) in outcome.Errors)
        {
            Errors.TryAdd(field, message);
        }
        ErrorMessage = outcome.Message ?? "代录未成功，请按提示修改后重新提交。";
        LeadDeputyId = lead;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await PageAsync(cancellationToken);
    }

    /// <summary>
    /// The lead deputy: the one picked, else the only deputy the search box names (an exact name first). When the box
    /// is ambiguous or names no one, the matches are listed to pick from and the field is marked.
    /// </summary>
    private async Task<int?> ResolveLeadAsync(CancellationToken cancellationToken)
    {
        if (LeadDeputyId is { } picked)
        {
            return picked;
        }
        var text = LeadSearch?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }
        var matches = await directory.SearchDeputiesAsync(text, 0, orDelegation: true, cancellationToken);
        var exact = matches.Where(d => d.Name == text).ToList();
        if (exact.Count == 1)
        {
            return exact[0].Id;
        }
        if (matches.Count == 1)
        {
            return matches[0].Id;
        }
        LeadSearched = true;
        LeadResults = matches;
        Errors["leadDeputyId"] = matches.Count == 0 ? $"没有找到“{text}”，请检查姓名或代表团" : $"“{text}”对应多位代表，请在下方选择领衔代表";
        return null;
    }

    /// <summary>The page again with the chosen lead and co-signers shown by name.</summary>
    private async Task<PageResult> PageAsync(CancellationToken cancellationToken)
    {
        List<int> ids = LeadDeputyId is { } lead ? [.. Input.CoSignerIds, lead] : Input.CoSignerIds;
        var named = await directory.DeputiesAsync(ids, cancellationToken);
        Lead = named.FirstOrDefault(d => d.Id == LeadDeputyId);
        SelectedCoSigners = [.. named.Where(d => Input.CoSignerIds.Contains(d.Id) && d.Id != LeadDeputyId)];
        return Page();
    }
}
