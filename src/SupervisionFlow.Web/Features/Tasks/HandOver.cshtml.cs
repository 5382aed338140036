using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Operations;

namespace SupervisionFlow.Web.Features.Tasks;

/// <summary>
/// Where the task page's 转办 / 委托 / 交回 forms post (<see cref="TaskHandOverViewComponent"/>); back to the task page
/// with the outcome. <c>TaskTransfers</c> refuses another unit's task (403) and anyone outside the unit as recipient.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class HandOverModel(ProcessEngine engine, TaskTransfers transfers, CurrentActor current) : PageModel
{
    public const string MessageKey = "HandOverMessage";
    public const string ErrorKey = "HandOverError";

    public IActionResult OnGet(string id) => Redirect($"/Tasks/{Uri.EscapeDataString(id)}");

    public Task<IActionResult> OnPostTransferAsync(string id, string toUser, string reason, CancellationToken cancellationToken) =>
        DoAsync(id, (sid, actor) => transfers.TransferAsync(sid, id, toUser ?? "", reason ?? "", actor, cancellationToken), "已转办。", cancellationToken);

    public Task<IActionResult> OnPostDelegateAsync(string id, string toUser, CancellationToken cancellationToken) =>
        DoAsync(id, (sid, actor) => transfers.DelegateAsync(sid, id, toUser ?? "", actor, cancellationToken), "已委托，受托人交回后请完成办理。", cancellationToken);

    public Task<IActionResult> OnPostResolveAsync(string id, CancellationToken cancellationToken) =>
        DoAsync(id, (sid, actor) => transfers.ResolveAsync(sid, id, actor, cancellationToken), "已交回委托人。", cancellationToken);

    private async Task<IActionResult> DoAsync(string id, Func<int, Actor, Task> operation, string done, CancellationToken cancellationToken)
    {
        var task = await engine.GetTaskAsync(id, cancellationToken);
        if (task?.BusinessKey is null || !int.TryParse(task.BusinessKey, NumberStyles.None, CultureInfo.InvariantCulture, out var suggestionId))
        {
            return NotFound();
        }
        try
        {
            await operation(suggestionId, current.Actor);
            TempData[MessageKey] = done;
        }
        catch (HandlingForbiddenException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (HandlingNotFoundException)
        {
            return NotFound();
        }
        catch (HandlingValidationException e)
        {
            TempData[ErrorKey] = e.Message;
        }
        catch (EngineException e)
        {
            TempData[ErrorKey] = OperationMessages.For(e);
        }
        return Redirect($"/Tasks/{Uri.EscapeDataString(id)}#handover");
    }
}
