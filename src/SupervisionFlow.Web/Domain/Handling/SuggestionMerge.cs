using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>
/// 并案 (issue #12): the office merges a suggestion into another of the same session, which is handled for both. The
/// merged one is closed as 已并案 (its <see cref="Suggestion.MergedIntoId"/> points at the main one, a
/// <see cref="ReviewDecision"/> of outcome Merge keeps the reason), its running processes are terminated (并案办理),
/// its deputies are told through the outbox, and the audit trail records it on both. One command of the engine's
/// runner: all of it commits together or none of it does.
/// </summary>
public sealed class SuggestionMerge(AppDbContext db, ProcessEngine engine, SuggestionNotices notices, SimilarityIndex index, TimeProvider clock)
{
    public const string ProcessEndReason = "并案办理";

    public async Task MergeAsync(int suggestionId, int mainId, string reason, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOffice)
        {
            throw new HandlingForbiddenException("只有联工委可以并案。");
        }
        // The instances are looked up before the command; terminating one that ended meanwhile fails and rolls back.
        var running = await engine.FindInstancesAsync(new InstanceQuery(BusinessKey: Suggestion.KeyOf(suggestionId), State: "active"), cancellationToken);
        var runningIds = running.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        // A called instance ends with its caller, so only the outermost running ones are terminated.
        var outermost = running.Where(i => i.ParentInstanceId is null || !runningIds.Contains(i.ParentInstanceId)).Select(i => i.Id).ToList();
        var merged = await engine.RunAsync(db, actor.UserName, (unit, token) => MergeAsync(unit, suggestionId, mainId, reason, outermost, actor, token), cancellationToken);
        index.Invalidate(merged.Term, merged.Session);
    }

    private async Task<Suggestion> MergeAsync(
        EngineUnitOfWork unit, int suggestionId, int mainId, string reason, IReadOnlyList<string> instanceIds, Actor actor, CancellationToken cancellationToken)
    {
        var suggestion = await db.Set<Suggestion>().FirstOrDefaultAsync(s => s.Id == suggestionId, cancellationToken)
                         ?? throw new HandlingNotFoundException($"建议 {suggestionId} 不存在。");
        var main = await db.Set<Suggestion>().FirstOrDefaultAsync(s => s.Id == mainId, cancellationToken);
        var refusal = Refusal(suggestion, main, reason);
        if (refusal is not null)
        {
            throw new HandlingValidationException(refusal.Value.Message, new Dictionary<string, string> { [refusal.Value.Field] = refusal.Value.Message }, suggestionId);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var why = reason.Trim();
        suggestion.State = SuggestionState.Merged;
        suggestion.MergedIntoId = main!.Id;
        suggestion.ClosedAt = now;
        db.Add(new ReviewDecision
        {
            SuggestionId = suggestion.Id, Outcome = ReviewOutcome.Merge, Reason = why, MergedIntoId = main.Id, RecordedBy = actor.UserName, RecordedAt = now,
        });
        AuditTrail.Add(db, actor.UserName, "suggestion.merged", suggestion.Id, $"并入{Label(main)}：{why}", now);
        AuditTrail.Add(db, actor.UserName, "suggestion.merged-in", main.Id, $"{Label(suggestion)}并入本件：{why}", now);
        foreach (var instanceId in instanceIds)
        {
            await unit.TerminateAsync(instanceId, actor.UserName, cancellationToken);
        }
        await notices.MergedAsync(db, suggestion.Id, main.Id, why, now, cancellationToken);
        return suggestion;
    }

    /// <summary>Why the merge may not happen, or null: every rule is checked before anything changes.</summary>
    private static (string Field, string Message)? Refusal(Suggestion suggestion, Suggestion? main, string? reason)
    {
        if (main is null)
        {
            return ("mainId", "并入的建议不存在。");
        }
        if (main.Id == suggestion.Id)
        {
            return ("mainId", "不能将建议并入其本身。");
        }
        if (main.Term != suggestion.Term || main.Session != suggestion.Session)
        {
            return ("mainId", $"只能并入同一届次、同一会次的建议（本件为{SessionText(suggestion)}，{Label(main)}为{SessionText(main)}）。");
        }
        if (suggestion.State == SuggestionState.Merged || suggestion.MergedIntoId is not null)
        {
            return ("mainId", "本件建议已并案，不能再次并案。");
        }
        if (IsClosed(suggestion.State))
        {
            return ("mainId", $"本件建议{StateLabels.Of(suggestion.State)}，不能并案。");
        }
        if (main.State == SuggestionState.Merged || main.MergedIntoId is not null)
        {
            return ("mainId", $"{Label(main)}已并入其他建议，请并入其主办建议。");
        }
        if (IsClosed(main.State))
        {
            return ("mainId", $"{Label(main)}{StateLabels.Of(main.State)}，不能作为并案的主件。");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ("reason", "请填写并案理由。");
        }
        if (reason.Trim().Length > 500)
        {
            return ("reason", "并案理由不超过500字。");
        }
        return null;
    }

    private static bool IsClosed(SuggestionState state) =>
        state is SuggestionState.Closed or SuggestionState.Withdrawn or SuggestionState.Converted or SuggestionState.Merged;

    private static string Label(Suggestion s) => $"{s.DisplayNumber}建议“{s.Title}”";

    private static string SessionText(Suggestion s) => string.Create(CultureInfo.InvariantCulture, $"第{s.Term}届第{s.Session}次会议");
}
