using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Suggestions;
using SupervisionFlow.Web.Tests.Scenarios;
using static SupervisionFlow.Web.Tests.Scenarios.ScenarioWorld;

namespace SupervisionFlow.Web.Tests.Domain.Operations;

/// <summary>Walks for the operations tests: a suggestion waiting at 办前拜访 of its lead unit, and what the timeline shows.</summary>
public static class OperationsWorld
{
    public static async Task<int> AtVisitBeforeAsync(ScenarioWorld w, string unit = "jtj")
    {
        var s = await w.SubmitAsync();
        await w.AcceptAndAssignAsync(s.Id, unit, []);
        await w.CompleteAsync(s.Id, "acknowledge", Unit(unit), new { ackDecision = "accept" }, Actor.UnitGroup(unit));
        await w.CompleteAsync(s.Id, "plan", Unit(unit), new { handlerName = "刘经办", handlerPhone = "028-1234567", plan = "会同相关部门调研论证，分步实施。", plannedCompletionOn = "2026-05-20" }, Actor.UnitGroup(unit));
        return s.Id;
    }

    public static Task<List<AuditEntry>> AuditAsync(ScenarioWorld w, int suggestionId) =>
        w.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<AuditEntry>().AsNoTracking().Where(a => a.SuggestionId == suggestionId).OrderBy(a => a.Id).ToListAsync());

    /// <summary>The timeline as <paramref name="actor"/> sees it on the suggestion page.</summary>
    public static Task<IReadOnlyList<TimelineItem>> TimelineAsync(ScenarioWorld w, int suggestionId, Actor actor) =>
        w.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var scope = SuggestionScope.For(actor);
            var (suggestion, perspective) = await scope.LoadAsync(db, suggestionId, CancellationToken.None);
            var file = await SuggestionFile.LoadAsync(db, suggestion!, perspective!.Value, scope, ChinaTime.Today(w.Clock), CancellationToken.None);
            return file.Timeline;
        });
}
