using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>Walks suggestions of a <see cref="WebWorld"/> through the real workflow, step by step, as the roles would.</summary>
public static class SuggestionWalk
{
    public static Actor Office { get; } = new("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });

    public static Actor Unit(string unit) => new($"{unit}.staff", "经办人", new HashSet<string> { Actor.UnitGroup(unit) });

    public static Actor Head(string unit) => new($"{unit}.head", "负责人", new HashSet<string> { Actor.UnitHeadGroup(unit), Actor.UnitGroup(unit) });

    public static Actor Deputy(int id) => new($"deputy{id}", "代表", new HashSet<string> { Actor.DeputyGroup(id) });

    /// <summary>Submitted and accepted in review: waiting at the 交办 task.</summary>
    public static async Task<int> ReviewedAsync(this WebWorld world, string title)
    {
        var id = await world.SubmitAsync(title);
        await world.CompleteAsync(id, "review", Office, new JsonObject { ["decision"] = "accept" });
        return id;
    }

    /// <summary>From 签收 to 办后回访 by <paramref name="unit"/> (and the co-units' opinions), the reply classed <paramref name="resultClass"/>.</summary>
    public static async Task HandleAsync(this WebWorld world, int id, string unit, string resultClass = "A", params string[] coUnits)
    {
        await world.CompleteAsync(id, "acknowledge", Unit(unit), Json(new { ackDecision = "accept" }));
        await world.CompleteAsync(id, "plan", Unit(unit), Json(new { handlerName = "刘经办", plan = "会同相关部门调研论证，分步实施。", plannedCompletionOn = "2026-05-20" }));
        await world.AdvanceAsync(TimeSpan.FromDays(3));
        await world.CompleteAsync(id, "visitBefore", Unit(unit), Json(new { contactedOn = world.Today(), method = "上门拜访", summary = "听取代表意见。" }));
        foreach (var co in coUnits)
        {
            await world.CompleteAsync(id, "coOpinion", Unit(co), Json(new { opinion = "同意主办单位意见。" }));
        }
        await world.AdvanceAsync(TimeSpan.FromDays(20));
        await world.CompleteAsync(id, "visitDuring", Unit(unit), Json(new { contactedOn = world.Today(), method = "电话", summary = "通报进展。" }));
        await world.CompleteAsync(id, "draftReply", Unit(unit), Json(new { resultClass, text = "经研究，已新开社区微循环线路3条。\n下一步将继续优化。" }));
        await world.CompleteAsync(id, "signOff", Head(unit), Json(new { signedBy = "赵局长" }));
        await world.CompleteAsync(id, "visitAfter", Unit(unit), Json(new { contactedOn = world.Today(), method = "电话", summary = "回访代表。", deputyView = "满意" }));
    }

    public static Task EvaluateAsync(this WebWorld world, int id, string result) =>
        world.CompleteAsync(id, "evaluate", Deputy(1), Json(new { attitude = result, result }));

    public static async Task AdvanceAsync(this WebWorld world, TimeSpan by)
    {
        ((ManualClock)world.Services.GetRequiredService<TimeProvider>()).Advance(by);
        await world.Engine.FireDueJobsAsync();
    }

    public static string Today(this WebWorld world) =>
        ChinaTime.Today(world.Services.GetRequiredService<TimeProvider>()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static JsonObject Json(object values) => JsonSerializer.SerializeToNode(values)!.AsObject();
}
