using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Features.SuggestionsApi;

namespace SupervisionFlow.Web.Features.Portal;

/// <summary>
/// One of the deputy's suggestions: progress, units, deadline and days left, the delivered reply letters, and what the
/// deputy can do now — rate the reply (测评, "背靠背"), revise a returned suggestion, rate B-class progress, withdraw.
/// Another deputy's suggestion answers 404, as if it did not exist.
/// </summary>
[Authorize(Policy = Policies.Deputy)]
public sealed class SuggestionModel(
    PortalQuery portal, SuggestionReader reader, TaskFormService forms, SuggestionActions actions, CurrentActor current) : PageModel
{
    public SuggestionDetails Details { get; private set; } = null!;

    public bool IsLead { get; private set; }

    public TaskView? EvaluateTask { get; private set; }

    public TaskView? ReviseTask { get; private set; }

    public TaskView? ProgressTask { get; private set; }

    public IReadOnlyList<Evaluation> MyEvaluations { get; private set; } = [];

    public ProgressReport? Progress { get; private set; }

    public string? ReturnReason { get; private set; }

    /// <summary>"form.field" (e.g. <c>evaluate.comment</c>) → Chinese message.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? ErrorMessage { get; private set; }

    [TempData]
    public string? Message { get; set; }

    // What the deputy typed, shown again when a form comes back with errors.
    [BindProperty]
    public string? Attitude { get; set; }

    [BindProperty]
    public string? Result { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? RevisedTitle { get; set; }

    [BindProperty]
    public string? RevisedContent { get; set; }

    [BindProperty]
    public string? Rating { get; set; }

    [BindProperty]
    public string? WithdrawReason { get; set; }

    /// <summary>The lead deputy may withdraw (撤回) once the suggestion is admitted and until it is answered: the processes wait for it then.</summary>
    public bool CanWithdraw => IsLead && Details.State is SuggestionState.AwaitingAssignment or SuggestionState.InHandling;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostEvaluateAsync(int id, CancellationToken cancellationToken) =>
        CompleteAsync(id, "evaluate", () => EvaluateTask, new JsonObject { ["attitude"] = Attitude, ["result"] = Result, ["comment"] = Comment },
            "测评已提交，感谢您的评价。", "当前没有待您测评的答复。", cancellationToken);

    public Task<IActionResult> OnPostReviseAsync(int id, CancellationToken cancellationToken) =>
        CompleteAsync(id, "revise", () => ReviseTask, new JsonObject { ["title"] = RevisedTitle, ["content"] = RevisedContent },
            "修改后的建议已重新提交审核。", "建议当前不需要修改。", cancellationToken);

    public Task<IActionResult> OnPostProgressAsync(int id, CancellationToken cancellationToken) =>
        CompleteAsync(id, "progress", () => ProgressTask, new JsonObject { ["rating"] = Rating },
            "落实情况评价已提交。", "当前没有待您评价的落实情况。", cancellationToken);

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!CanWithdraw)
        {
            ErrorMessage = "只有领衔代表可以撤回建议，且须在建议受理后、答复前。";
            return Page();
        }
        if (string.IsNullOrWhiteSpace(WithdrawReason))
        {
            Errors["withdraw.reason"] = "请填写撤回理由";
            return Invalid();
        }
        try
        {
            await actions.WithdrawAsync(id, WithdrawReason, current.Actor, cancellationToken);
        }
        catch (HandlingValidationException e)
        {
            ErrorMessage = e.Message;
            return Invalid();
        }
        catch (HandlingForbiddenException e)
        {
            ErrorMessage = e.Message;
            return Page();
        }
        catch (EngineConflictException e)
        {
            ErrorMessage = EngineMessages.For(e);
            return Invalid();
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            ErrorMessage = EngineMessages.SaveFailed;
            return Invalid();
        }
        Message = "建议已撤回，办理终止。";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> CompleteAsync(
        int id, string form, Func<TaskView?> task, JsonObject values, string done, string none, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (task() is not { } open)
        {
            ErrorMessage = none;
            return Invalid();
        }
        try
        {
            await forms.SubmitAsync(open.Id, current.Actor, values, cancellationToken);
        }
        catch (HandlingValidationException e)
        {
            foreach (var (field, message) in e.FieldErrors)
            {
                Errors[$"{form}.{field}"] = message;
            }
            ErrorMessage = e.FieldErrors.Count == 0 ? e.Message : "请按提示修改后重新提交。";
            return Invalid();
        }
        catch (Exception e) when (e is HandlingNotFoundException or EngineNotFoundException or EngineConflictException)
        {
            // Completed meanwhile (another tab, or the window expired).
            ErrorMessage = none;
            await LoadAsync(id, cancellationToken);
            return Invalid();
        }
        Message = done;
        return RedirectToPage(new { id });
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (current.DeputyId is not { } deputyId || !await portal.IsMineAsync(id, deputyId, cancellationToken)
            || await reader.GetAsync(id, cancellationToken) is not { } details)
        {
            return false;
        }
        Details = details;
        IsLead = details.LeadDeputy.Id == deputyId;
        var tasks = await portal.OpenTasksAsync(current.Actor, id, cancellationToken);
        EvaluateTask = tasks.FirstOrDefault(t => t.FormKey == PortalQuery.EvaluateForm);
        ReviseTask = tasks.FirstOrDefault(t => t.FormKey == PortalQuery.ReviseForm);
        ProgressTask = tasks.FirstOrDefault(t => t.FormKey == PortalQuery.ProgressForm);
        MyEvaluations = await portal.MyEvaluationsAsync(id, deputyId, cancellationToken);
        if (ProgressTask is not null)
        {
            Progress = await portal.LatestProgressAsync(id, cancellationToken);
        }
        if (ReviseTask is not null)
        {
            ReturnReason = await portal.ReturnReasonAsync(id, cancellationToken);
            RevisedTitle ??= details.Title;
            RevisedContent ??= details.Content;
        }
        return true;
    }

    /// <summary>The steps shown as the progress bar, and the index of the current one (-1 when the suggestion left the ordinary path).</summary>
    public static IReadOnlyList<string> Steps { get; } = ["提出", "审核", "交办", "办理", "答复测评", "办结"];

    public static int StepOf(SuggestionState state) => state switch
    {
        SuggestionState.UnderReview or SuggestionState.ReturnedForRevision => 1,
        SuggestionState.AwaitingAssignment => 2,
        SuggestionState.InHandling or SuggestionState.Rehandling => 3,
        SuggestionState.Replied or SuggestionState.FollowUp => 4,
        SuggestionState.Closed => 5,
        _ => -1,
    };
}
