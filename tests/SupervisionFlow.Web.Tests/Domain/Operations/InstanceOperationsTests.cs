using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Operations;
using SupervisionFlow.Web.Tests.Scenarios;
using static SupervisionFlow.Web.Tests.Scenarios.ScenarioWorld;

namespace SupervisionFlow.Web.Tests.Domain.Operations;

public sealed class InstanceOperationsTests
{
    private static Task<T> OperateAsync<T>(ScenarioWorld w, Func<InstanceOperations, Task<T>> operation) =>
        w.WithScopeAsync(s => operation(s.GetRequiredService<InstanceOperations>()));

    [Fact]
    public async Task MoveTask_BackToPlan_PlanOpenAgainAndReasonOnTimeline()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");

        await OperateAsync(w, o => o.MoveTaskAsync(id, visit.Id, "plan", "三定内容不完整，退回重新三定。", Office));

        Assert.Equal(["plan"], (await w.OpenTasksAsync(id, null)).Select(t => t.ActivityId));
        var timeline = await OperationsWorld.TimelineAsync(w, id, Office);
        var moved = Assert.Single(timeline, t => t.What == "退回/跳转环节");
        Assert.Equal("办前拜访 → 三定：三定内容不完整，退回重新三定。", moved.Detail);
        await w.CompleteAsync(id, "plan", Unit("jtj"), new { handlerName = "王经办", handlerPhone = "028-7654321", plan = "补充调研。", plannedCompletionOn = "2026-05-30" }, Actor.UnitGroup("jtj"));
        Assert.Equal(["visitBefore"], (await w.OpenTasksAsync(id, null)).Select(t => t.ActivityId));
    }

    [Fact]
    public async Task ChangeTaskDeadline_OfficeWithReason_DueMovedAndAudited()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");
        var newDue = new DateOnly(2026, 4, 30);

        await OperateAsync(w, o => o.ChangeTaskDeadlineAsync(id, visit.Id, newDue, "代表出差，拜访顺延。", Office));

        Assert.Equal(ChinaTime.EndOfDay(newDue).UtcDateTime, (await w.TaskAsync(id, "visitBefore")).DueAt);
        var entry = Assert.Single(await OperationsWorld.AuditAsync(w, id), a => a.Action == InstanceOperations.TaskDueChanged);
        Assert.EndsWith("→ 2026-04-30：代表出差，拜访顺延。", entry.Details, StringComparison.Ordinal);
        Assert.Contains(await OperationsWorld.TimelineAsync(w, id, Office), t => t.What == "调整任务期限");
    }

    [Fact]
    public async Task ChangeTimerDue_ReplyGuardEarlier_OverdueFiresAtNewDate()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var guard = (await w.Engine.GetTimersAsync()).Single(t => t.ActivityId == ProcessKeys.ReplyOverdueTimer
            && w.Engine.GetInstanceAsync(t.ProcessInstanceId).Result!.BusinessKey == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var today = ChinaTime.Today(w.Clock);

        await OperateAsync(w, o => o.ChangeTimerDueAsync(id, guard.Id, today.AddDays(2), "按主任会议要求提前督办。", Office));

        await w.AdvanceAsync("P1D");
        Assert.Empty(await w.OpenTasksAsync(id, "superviseOverdue"));
        await w.AdvanceAsync("P2D");
        Assert.Single(await w.OpenTasksAsync(id, "superviseOverdue"));
    }

    [Fact]
    public async Task SkipTask_VisitBefore_GoesOnToParallelSteps()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");

        await OperateAsync(w, o => o.SkipTaskAsync(id, visit.Id, "代表已书面表示无需拜访。", Office));

        Assert.Equal(["visitDuring"], (await w.OpenTasksAsync(id, null)).Select(t => t.ActivityId));
        Assert.Contains(await OperationsWorld.AuditAsync(w, id), a => a.Action == InstanceOperations.Skipped && a.Details == "跳过 办前拜访：代表已书面表示无需拜访。");
    }

    [Fact]
    public async Task Operations_ByUnitOrWithoutReason_RefusedNothingChanged()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);
        var visit = await w.TaskAsync(id, "visitBefore");
        var auditBefore = (await OperationsWorld.AuditAsync(w, id)).Count;

        await Assert.ThrowsAsync<HandlingForbiddenException>(() => OperateAsync(w, o => o.SkipTaskAsync(id, visit.Id, "自行跳过", Unit("jtj"))));
        await Assert.ThrowsAsync<HandlingValidationException>(() => OperateAsync(w, o => o.MoveTaskAsync(id, visit.Id, "plan", "  ", Office)));
        var other = await w.SubmitAsync();
        await Assert.ThrowsAsync<HandlingNotFoundException>(() => OperateAsync(w, o => o.SkipTaskAsync(other.Id, visit.Id, "错建议", Office)));
        var error = await Assert.ThrowsAnyAsync<EngineException>(() => OperateAsync(w, o => o.MoveTaskAsync(id, visit.Id, "evaluate", "跨阶段", Office)));
        Assert.Equal(SupervisionFlow.Engine.Operations.OperationErrorCodes.TargetInOtherScope, error.Code);

        Assert.Equal(["visitBefore"], (await w.OpenTasksAsync(id, null)).Select(t => t.ActivityId));
        Assert.Equal(auditBefore, (await OperationsWorld.AuditAsync(w, id)).Count);
    }
}
