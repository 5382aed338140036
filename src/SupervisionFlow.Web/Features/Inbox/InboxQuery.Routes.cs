using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>
/// The unfiltered inbox in deadline order, read from the candidate index (issue #10): a task reaches the actor by a
/// route — one of the actor's groups, the actor by name, or as assignee — and each route's tasks are a range of
/// <c>engine_task_candidates (Kind, Value, DueOrLast, TaskCreatedAt, TaskId)</c> (the engine copies the task's sort keys
/// onto its candidate rows in the task's own save). Counting is an index range count per route, a task counted under
/// an earlier route is not counted again; a page is the first rows of each route's range, merged. So neither the
/// office's 5,000 open tasks nor the busiest unit's are joined, sorted or counted row by row per request.
/// </summary>
public sealed partial class InboxQuery
{
    private sealed record RouteCounts(int Open, int Overdue, int DueSoon);

    /// <summary>Open, overdue and due-soon tasks of the actor (all of them, or only those <paramref name="position"/> says).</summary>
    private async Task<(int Open, int Overdue, int DueSoon)> RouteCountsAsync(
        Actor actor, KeysetPosition<DateTime>? position, CancellationToken cancellationToken)
    {
        var (now, soonEnd) = DueWindow();
        var candidates = db.Set<TaskCandidateRecord>().AsNoTracking();
        var groups = actor.Groups.Order(StringComparer.Ordinal).ToList();
        var user = actor.UserName;
        var before = position is null ? null : Keyset.Beyond<TaskCandidateRecord, DateTime>(c => c.DueOrLast, c => c.TaskCreatedAt, c => c.TaskId, false, true, position);
        var (open, overdue, soon) = (0, 0, 0);
        void Add(RouteCounts? counts)
        {
            open += counts?.Open ?? 0;
            overdue += counts?.Overdue ?? 0;
            soon += counts?.DueSoon ?? 0;
        }
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var earlier = groups.Take(i).ToList();
            var route = candidates.Where(c => c.Kind == CandidateKinds.Group && c.Value == group);
            if (earlier.Count > 0)
            {
                route = route.Where(c => !candidates.Any(o => o.TaskId == c.TaskId && o.Kind == CandidateKinds.Group && earlier.Contains(o.Value)));
            }
            Add(await CountAsync(before is null ? route : route.Where(before), now, soonEnd, cancellationToken).ConfigureAwait(false));
        }
        var byName = candidates.Where(c => c.Kind == CandidateKinds.User && c.Value == user
                                           && !candidates.Any(o => o.TaskId == c.TaskId && o.Kind == CandidateKinds.Group && groups.Contains(o.Value)));
        Add(await CountAsync(before is null ? byName : byName.Where(before), now, soonEnd, cancellationToken).ConfigureAwait(false));
        var assigned = AssignedOnly(actor, groups);
        if (position is not null)
        {
            assigned = assigned.Where(Keyset.Beyond<UserTaskRecord, DateTime>(t => t.DueAt ?? NoDueLast, t => t.CreatedAt, t => t.Id, false, true, position));
        }
        var assignedCounts = await assigned.GroupBy(_ => 1)
            .Select(g => new RouteCounts(g.Count(), g.Count(t => t.DueAt < now), g.Count(t => t.DueAt >= now && t.DueAt < soonEnd)))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        Add(assignedCounts);
        return (open, overdue, soon);
    }

    private static Task<RouteCounts?> CountAsync(IQueryable<TaskCandidateRecord> route, DateTime now, DateTime soonEnd, CancellationToken cancellationToken) =>
        route.GroupBy(_ => 1)
            .Select(g => new RouteCounts(g.Count(), g.Count(c => c.DueOrLast < now), g.Count(c => c.DueOrLast >= now && c.DueOrLast < soonEnd)))
            .FirstOrDefaultAsync(cancellationToken)!;

    /// <summary>Tasks assigned to the actor that no group or name route of the actor reaches.</summary>
    private IQueryable<UserTaskRecord> AssignedOnly(Actor actor, List<string> groups)
    {
        var user = actor.UserName;
        var candidates = db.Set<TaskCandidateRecord>();
        return db.Set<UserTaskRecord>().AsNoTracking()
            .Where(t => t.Assignee == user && !candidates.Any(o => o.TaskId == t.Id
                                                                   && ((o.Kind == CandidateKinds.Group && groups.Contains(o.Value))
                                                                       || (o.Kind == CandidateKinds.User && o.Value == user))));
    }

    /// <summary>
    /// The ids of the <paramref name="take"/> tasks after <paramref name="at"/> (before it when <paramref name="backwards"/>)
    /// in deadline order: that many from each route's index range, merged.
    /// </summary>
    private async Task<List<string>> RouteIdsAsync(Actor actor, KeysetPosition<DateTime>? at, bool backwards, int take, CancellationToken cancellationToken)
    {
        var candidates = db.Set<TaskCandidateRecord>().AsNoTracking();
        var user = actor.UserName;
        var groups = actor.Groups.Order(StringComparer.Ordinal).ToList();
        var found = new List<(string Id, DateTime Due, DateTime Created)>();
        var routes = groups.Select(g => (Kind: CandidateKinds.Group, Value: g)).Append((Kind: CandidateKinds.User, Value: user));
        foreach (var (kind, value) in routes)
        {
            var route = candidates.Where(c => c.Kind == kind && c.Value == value);
            if (at is not null)
            {
                route = route.Where(Keyset.Beyond<TaskCandidateRecord, DateTime>(c => c.DueOrLast, c => c.TaskCreatedAt, c => c.TaskId, false, backwards, at));
            }
            var sorted = backwards
                ? route.OrderByDescending(c => c.DueOrLast).ThenByDescending(c => c.TaskCreatedAt).ThenByDescending(c => c.TaskId)
                : route.OrderBy(c => c.DueOrLast).ThenBy(c => c.TaskCreatedAt).ThenBy(c => c.TaskId);
            var rows = await sorted.Take(take).Select(c => new { c.TaskId, c.DueOrLast, c.TaskCreatedAt })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            found.AddRange(rows.Select(r => (r.TaskId, r.DueOrLast, r.TaskCreatedAt)));
        }
        var assigned = AssignedOnly(actor, groups);
        if (at is not null)
        {
            assigned = assigned.Where(Keyset.Beyond<UserTaskRecord, DateTime>(t => t.DueAt ?? NoDueLast, t => t.CreatedAt, t => t.Id, false, backwards, at));
        }
        Expression<Func<UserTaskRecord, DateTime>> due = t => t.DueAt ?? NoDueLast;
        var assignedSorted = backwards
            ? assigned.OrderByDescending(due).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            : assigned.OrderBy(due).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);
        var mine = await assignedSorted.Take(take).Select(t => new { t.Id, Due = t.DueAt ?? NoDueLast, t.CreatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        found.AddRange(mine.Select(r => (r.Id, r.Due, r.CreatedAt)));
        var distinct = found.DistinctBy(r => r.Id, StringComparer.Ordinal);
        var ordered = backwards
            ? distinct.OrderByDescending(r => r.Due).ThenByDescending(r => r.Created).ThenByDescending(r => r.Id, StringComparer.Ordinal)
            : distinct.OrderBy(r => r.Due).ThenBy(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal);
        return [.. ordered.Take(take).Select(r => r.Id)];
    }
}
