using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.Scenarios;
using static SupervisionFlow.Web.Tests.Scenarios.ScenarioWorld;

namespace SupervisionFlow.Web.Tests.Domain.Operations;

public sealed class TaskTransfersTests
{
    private static readonly Actor Colleague = new("jtj.li", "李经办", new HashSet<string> { Actor.UnitGroup("jtj") });

    private static async Task<ScenarioWorld> WorldAsync()
    {
        var w = await ScenarioWorld.StartAsync();
        await w.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.AddRange(
                new AppUser { UserName = "jtj.staff", NormalizedUserName = "JTJ.STAFF", DisplayName = "交通局经办人", UnitId = "jtj" },
                new AppUser { UserName = "jtj.li", NormalizedUserName = "JTJ.LI", DisplayName = "李经办", UnitId = "jtj" },
                new AppUser { UserName = "gaj.staff", NormalizedUserName = "GAJ.STAFF", DisplayName = "公安局经办人", UnitId = "gaj" });
            return await db.SaveChangesAsync();
        });
        return w;
    }

    private static Task<T> TransfersAsync<T>(ScenarioWorld w, Func<TaskTransfers, Task<T>> operation) =>
        w.WithScopeAsync(s => operation(s.GetRequiredService<TaskTransfers>()));

    [Fact]
    public async Task Transfer_ByUnitHeadToOwnHandler_AssignedAndOnTimeline()
    {
        await using var w = await WorldAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");

        await TransfersAsync(w, t => t.TransferAsync(id, visit.Id, "jtj.li", "刘经办出差，改由李经办拜访。", UnitHead("jtj")));

        Assert.Equal("jtj.li", (await w.TaskAsync(id, "visitBefore")).Assignee);
        var item = Assert.Single(await OperationsWorld.TimelineAsync(w, id, Office), t => t.What == "转办任务");
        Assert.Equal("办前拜访 本单位 → jtj.li：刘经办出差，改由李经办拜访。", item.Detail);
    }

    [Fact]
    public async Task Transfer_ByOtherUnitOrToOtherUnitsUser_RefusedNothingChanged()
    {
        await using var w = await WorldAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");

        await Assert.ThrowsAsync<HandlingForbiddenException>(() => TransfersAsync(w, t => t.TransferAsync(id, visit.Id, "gaj.staff", "越权", UnitHead("gaj"))));
        await Assert.ThrowsAsync<HandlingForbiddenException>(() => TransfersAsync(w, t => t.TransferAsync(id, visit.Id, "jtj.li", "经办人不能转办", Unit("jtj"))));
        await Assert.ThrowsAsync<HandlingValidationException>(() => TransfersAsync(w, t => t.TransferAsync(id, visit.Id, "gaj.staff", "外单位", UnitHead("jtj"))));

        Assert.Null((await w.TaskAsync(id, "visitBefore")).Assignee);
        Assert.DoesNotContain(await OperationsWorld.AuditAsync(w, id), a => a.Action == TaskTransfers.Transferred);
    }

    [Fact]
    public async Task Delegate_ColleagueResolves_OwnerGetsItBackAndCompletes()
    {
        await using var w = await WorldAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");
        var contact = new { contactedOn = w.Today(), method = "上门拜访", summary = "听取代表意见。" };

        var delegated = await TransfersAsync(w, t => t.DelegateAsync(id, visit.Id, "jtj.li", Unit("jtj")));
        Assert.Equal(("jtj.staff", "jtj.li", TaskDelegation.Pending), (delegated.Owner, delegated.To, delegated.DelegationState));
        var refused = await Assert.ThrowsAnyAsync<EngineException>(() => w.CompleteAsync(id, "visitBefore", Colleague, contact));
        Assert.Equal(OperationErrorCodes.DelegatedTaskNotCompletable, refused.Code);

        await TransfersAsync(w, t => t.ResolveAsync(id, visit.Id, Colleague));

        Assert.Equal("jtj.staff", (await w.TaskAsync(id, "visitBefore")).Assignee);
        await w.CompleteAsync(id, "visitBefore", Unit("jtj"), contact);
        Assert.Contains("visitDuring", (await w.OpenTasksAsync(id, null)).Select(t => t.ActivityId));
        var actions = (await OperationsWorld.AuditAsync(w, id)).Select(a => a.Action).ToList();
        Assert.True(actions.IndexOf(TaskTransfers.Delegated) < actions.IndexOf(TaskTransfers.DelegationResolved));
    }

    [Fact]
    public async Task ReassignUnit_ByOffice_NextStepsGoToNewUnitRecordedAsReassignment()
    {
        await using var w = await WorldAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");

        await Assert.ThrowsAsync<HandlingForbiddenException>(() => TransfersAsync(w, t => t.ReassignUnitAsync(id, visit.Id, "gaj", "单位自行改派", UnitHead("jtj"))));
        await TransfersAsync(w, t => t.ReassignUnitAsync(id, visit.Id, "gaj", "涉及治安管理，改由公安局承办。", Office));

        Assert.Equal([Actor.UnitGroup("gaj")], (await w.TaskAsync(id, "visitBefore")).CandidateGroups);
        await w.CompleteAsync(id, "visitBefore", Unit("gaj"), new { contactedOn = w.Today(), method = "电话", summary = "联系代表。" }, Actor.UnitGroup("gaj"));
        Assert.Equal([Actor.UnitGroup("gaj")], (await w.TaskAsync(id, "visitDuring")).CandidateGroups);
        var suggestion = await w.SuggestionAsync(id);
        Assert.Equal(["gaj"], suggestion.Units.Where(u => u.IsActive).Select(u => u.UnitId));
        var decision = Assert.Single(await w.RecordsAsync<ReassignmentDecision>(id));
        Assert.Equal(("jtj", "gaj", true), (decision.FromUnitId, decision.ToUnitId, decision.Approved));
    }
}
