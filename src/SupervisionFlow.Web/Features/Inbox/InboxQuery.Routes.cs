using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>
/// The inbox in deadline order, read from the candidate index (issue #10): a task reaches the actor by a route — one
/// of the actor's groups, the actor by name, or as assignee — and each route's tasks are a range of
/// <c>engine_task_candidates (Kind, Value, DueOrLast, TaskCreatedAt, TaskId)</c> (the engine copies the task's sort keys
/// onto its candidate rows in the task's own save). Counting is an index range count per route (a task counted under
/// an earlier route is not counted again), all routes in one statement; a page's ids are the first rows of each
/// route's range, merged by the database inside the statement that reads the page's rows. So neither the office's
/// 5,000 open tasks nor the busiest unit's are joined, sorted or counted row by row per request.
/// </summary>
public sealed partial class InboxQuery
{
    /// <summary>One route's counts; a class with settable members so the routes' aggregates can be UNION ALL-ed.</summary>
    private sealed class RouteCounts
    {
        public int Open { get; init; }

        public int Overdue { get; init; }

        public int DueSoon { get; init; }
    }

    /// <summary>One route's candidate for a page: the task and its deadline-order keys.</summary>
    private sealed class RouteKey
    {
        public string TaskId { get; init; } = "";

        public DateTime Due { get; init; }

        public DateTime Created { get; init; }
    }

    /// <summary>
    /// Open, overdue and due-soon tasks of the actor (all of them, or only those before <paramref name="position"/> in
    /// deadline order), in one statement: each route's aggregate, UNION ALL-ed, summed here.
    /// </summary>
    private async Task<(int Open, int Overdue, int DueSoon)> RouteCountsAsync(
        Actor actor, KeysetPosition<DateTime>? position, CancellationToken cancellationToken)
    {
        var (now, soonEnd) = DueWindow();
        var candidates = db.Set<TaskCandidateRecord>().AsNoTracking();
        var groups = actor.Groups.Order(StringComparer.Ordinal).ToList();
        var user = actor.UserName;
        var before = position is null ? null : Keyset.Beyond<TaskCandidateRecord, DateTime>(c => c.DueOrLast, c => c.TaskCreatedAt, c => c.TaskId, false, true, position);
        IQueryable<RouteCounts>? all = null;
        void Add(IQueryable<RouteCounts> counts) => all = all is null ? counts : all.Concat(counts);
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var earlier = groups.Take(i).ToList();
            var route = candidates.Where(c => c.Kind == CandidateKinds.Group && c.Value == group);
            if (earlier.Count > 0)
            {
                route = route.Where(c => !candidates.Any(o => o.TaskId == c.TaskId && o.Kind == CandidateKinds.Group && earlier.Contains(o.Value)));
            }
            Add(Counted(before is null ? route : route.Where(before), now, soonEnd));
        }
        var byName = candidates.Where(c => c.Kind == CandidateKinds.User && c.Value == user
                                           && !candidates.Any(o => o.TaskId == c.TaskId && o.Kind == CandidateKinds.Group && groups.Contains(o.Value)));
        Add(Counted(before is null ? byName : byName.Where(before), now, soonEnd));
        var assigned = AssignedOnly(actor, groups);
        if (position is not null)
        {
            assigned = assigned.Where(Keyset.Beyond<UserTaskRecord, DateTime>(t => t.DueAt ?? NoDueLast, t => t.CreatedAt, t => t.Id, false, true, position));
        }
        Add(assigned.GroupBy(t => t.Assignee)
            .Select(g => new RouteCounts { Open = g.Count(), Overdue = g.Count(t => t.DueAt < now), DueSoon = g.Count(t => t.DueAt >= now && t.DueAt < soonEnd) }));
        // Grouped by the route's own key (one value per route), which SQLite reads in index order; a constant key
        // (GroupBy(_ => 1)) made it sort every row of the route in a temporary B-tree first. A route no task takes
        // yields no row, so the sum covers only routes with tasks.
        var counts = await all!.ToListAsync(cancellationToken).ConfigureAwait(false);
        return (counts.Sum(c => c.Open), counts.Sum(c => c.Overdue), counts.Sum(c => c.DueSoon));
    }

    private static IQueryable<RouteCounts> Counted(IQueryable<TaskCandidateRecord> route, DateTime now, DateTime soonEnd) =>
        route.GroupBy(c => c.Value)
            .Select(g => new RouteCounts { Open = g.Count(), Overdue = g.Count(c => c.DueOrLast < now), DueSoon = g.Count(c => c.DueOrLast >= now && c.DueOrLast < soonEnd) });

    /// <summary>Deadlines from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive); null is open-ended.</summary>
    private sealed record DueRange(DateTime? From, DateTime? To);

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
    /// in deadline order, as a query (not run here): that many from each route's index range, merged (UNION drops a task
    /// reached twice: its keys are the same on every route), sorted and cut again.
    /// </summary>
    private IQueryable<string> RouteIds(Actor actor, KeysetPosition<DateTime>? at, bool backwards, int take, DueRange range)
    {
        // A task without a deadline is in no bounded range (its DueOrLast, 9000-01-01, is past any), as DueAt null is.
        var (from, to) = (range.From ?? DateTime.MinValue, range.To ?? DateTime.MaxValue);
        var (fromBound, toBound) = (range.From is not null, range.To is not null);
        var candidates = db.Set<TaskCandidateRecord>().AsNoTracking();
        var user = actor.UserName;
        var groups = actor.Groups.Order(StringComparer.Ordinal).ToList();
        IQueryable<RouteKey>? all = null;
        void Add(IQueryable<RouteKey> keys) => all = all is null ? keys : all.Union(keys);
        var routes = groups.Select(g => (Kind: CandidateKinds.Group, Value: g)).Append((Kind: CandidateKinds.User, Value: user));
        foreach (var (kind, value) in routes)
        {
            var route = candidates.Where(c => c.Kind == kind && c.Value == value);
            if (fromBound)
            {
                route = route.Where(c => c.DueOrLast >= from);
            }
            if (toBound)
            {
                route = route.Where(c => c.DueOrLast < to);
            }
            if (at is not null)
            {
                route = route.Where(Keyset.Beyond<TaskCandidateRecord, DateTime>(c => c.DueOrLast, c => c.TaskCreatedAt, c => c.TaskId, false, backwards, at));
            }
            var sorted = backwards
                ? route.OrderByDescending(c => c.DueOrLast).ThenByDescending(c => c.TaskCreatedAt).ThenByDescending(c => c.TaskId)
                : route.OrderBy(c => c.DueOrLast).ThenBy(c => c.TaskCreatedAt).ThenBy(c => c.TaskId);
            Add(sorted.Take(take).Select(c => new RouteKey { TaskId = c.TaskId, Due = c.DueOrLast, Created = c.TaskCreatedAt }));
        }
        var assigned = AssignedOnly(actor, groups);
        if (fromBound)
        {
            assigned = assigned.Where(t => t.DueAt >= from);
        }
        if (toBound)
        {
            assigned = assigned.Where(t => t.DueAt < to);
        }
        if (at is not null)
        {
            assigned = assigned.Where(Keyset.Beyond<UserTaskRecord, DateTime>(t => t.DueAt ?? NoDueLast, t => t.CreatedAt, t => t.Id, false, backwards, at));
        }
        Expression<Func<UserTaskRecord, DateTime>> due = t => t.DueAt ?? NoDueLast;
        var assignedSorted = backwards
            ? assigned.OrderByDescending(due).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            : assigned.OrderBy(due).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);
        Add(assignedSorted.Take(take).Select(t => new RouteKey { TaskId = t.Id, Due = t.DueAt ?? NoDueLast, Created = t.CreatedAt }));
        var merged = backwards
            ? all!.OrderByDescending(k => k.Due).ThenByDescending(k => k.Created).ThenByDescending(k => k.TaskId)
            : all!.OrderBy(k => k.Due).ThenBy(k => k.Created).ThenBy(k => k.TaskId);
        return merged.Take(take).Select(k => k.TaskId);
    }
}
