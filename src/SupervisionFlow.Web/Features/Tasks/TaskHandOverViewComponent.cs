using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Tasks;

/// <summary>
/// 转办 / 委托 on a unit's task page: the delegation state (委托中, 已交回, with the owner) and the forms the reader may use —
/// the unit head transfers to another handler of the unit, the handler delegates to a colleague, the colleague gives it
/// back (交回). Forms post to <see cref="HandOverModel"/>; <c>TaskTransfers</c> decides again. Only the unit's own people
/// are offered, and only to a member of the unit the task is offered to.
/// </summary>
public sealed class TaskHandOverViewComponent(AppDbContext db, CurrentActor current) : ViewComponent
{
    public sealed record Colleague(string UserName, string Name);

    public sealed record HandOverView(
        string TaskId, string? Assignee, string? Owner, string? DelegationState, bool CanTransfer, bool CanDelegate, bool CanResolve,
        IReadOnlyList<Colleague> Colleagues, string? Message, string? Error);

    public async Task<IViewComponentResult> InvokeAsync(string taskId)
    {
        if (!current.IsSignedIn)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var actor = current.Actor;
        var cancellationToken = HttpContext.RequestAborted;
        var task = await db.Set<UserTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        var groups = await db.Set<TaskCandidateRecord>().AsNoTracking().Where(c => c.TaskId == taskId && c.Kind == "group").Select(c => c.Value).ToListAsync(cancellationToken);
        var unitId = UnitOf(groups);
        if (task is null || unitId is null || !actor.UnitIds.Contains(unitId))
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var pending = task.DelegationState == TaskDelegation.Pending;
        var colleagues = await db.Set<AppUser>().AsNoTracking().Where(u => u.UnitId == unitId && u.UserName != actor.UserName)
            .OrderBy(u => u.UserName).Select(u => new Colleague(u.UserName!, u.DisplayName ?? u.UserName!)).ToListAsync(cancellationToken);
        var tempData = ViewContext.TempData;
        return View("/Features/Tasks/_TaskHandOver.cshtml", new HandOverView(
            taskId, task.Assignee, task.Owner, task.DelegationState,
            CanTransfer: !pending && actor.InGroup(Actor.UnitHeadGroup(unitId)) && colleagues.Count > 0,
            CanDelegate: !pending && actor.InGroup(Actor.UnitGroup(unitId)) && (task.Assignee is null || task.Assignee == actor.UserName) && colleagues.Count > 0,
            CanResolve: pending && task.Assignee == actor.UserName,
            colleagues, tempData[HandOverModel.MessageKey] as string, tempData[HandOverModel.ErrorKey] as string));
    }

    /// <summary>The unit of <c>unit:X</c>, else of <c>unitHead:X</c> (as <c>TaskTransfers</c> reads it).</summary>
    private static string? UnitOf(IReadOnlyList<string> groups)
    {
        var group = groups.FirstOrDefault(g => g.StartsWith("unit:", StringComparison.Ordinal))
                    ?? groups.FirstOrDefault(g => g.StartsWith("unitHead:", StringComparison.Ordinal));
        return group?[(group.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }
}
