using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>One open task in an inbox, with what the list shows of its suggestion.</summary>
public sealed record InboxRow(
    string TaskId,
    string? TaskName,
    string ActivityId,
    DateTime? DueAt,
    DateTime CreatedAt,
    int? SuggestionId,
    string? Number,
    string Title,
    SuggestionKind? Kind,
    int? Term,
    int? Session,
    bool IsKey,
    string? UnitId,
    string? UnitName,
    DateOnly? DueOn,
    bool Overdue,
    bool DueSoon,
    bool AssignedToMe,
    string? AssignedToOther,
    InboxDelegation? Delegation = null);

/// <summary>
/// A pending delegation (委托) of the task: who lent it (<paramref name="Owner"/>) to whom (<paramref name="Delegate"/>);
/// <paramref name="ByMe"/> when the reader is the owner (委托中), else the row says 由…委托.
/// </summary>
public sealed record InboxDelegation(string Owner, string Delegate, bool ByMe);

public sealed record InboxCounts(int Open, int Overdue);

/// <summary>One page of an inbox: its rows, the count after filters, the first row's place and the links' positions.</summary>
public sealed record InboxPage(IReadOnlyList<InboxRow> Rows, int Matching, int RowsBefore, string? Previous, string? Next);

/// <summary>
/// The open tasks an actor may work on: offered to one of the actor's groups, or assigned/offered to the actor by name
/// (a unit's people hold only their unit's groups, so a unit sees its own tasks only). Filtered, counted and paged in
/// the database: the engine's task rows joined to their suggestion by the business key (both indexed); nothing is
/// read from process variables.
/// </summary>
public sealed partial class InboxQuery(AppDbContext db, TimeProvider clock, InboxDirectory directory)
{
    /// <summary>"Due soon": within this many calendar days.</summary>
    public const int DueSoonDays = 7;

    // Sort keys for tasks without a due date or a suggestion number: after every real one.
    // NoDueLast is the engine's DueOrLast of a task without a due date, so the candidate index sorts like this query.
    private static readonly DateTime NoDueLast = TaskCandidateRecord.NoDue;
    private static readonly DateTime NoDueFirst = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// What 待办 shows: the summary (counts, filter choices) and the page <see cref="PageAsync"/> describes, on one
    /// connection opened once (on PostgreSQL every open of a pooled connection costs a reset on the server).
    /// </summary>
    public async Task<(InboxSummary Summary, InboxPage Page)> ReadAsync(
        Actor actor, InboxFilter filter, int pageSize, string? after, string? before, bool last, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var summary = await SummaryAsync(actor, cancellationToken).ConfigureAwait(false);
            var page = await PageAsync(actor, filter, pageSize, after, before, last, cancellationToken, summary).ConfigureAwait(false);
            return (summary, page);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The page after <paramref name="after"/>, or before <paramref name="before"/>, or the last page
    /// (<paramref name="last"/>), or else the first; rows sorted by <see cref="InboxFilter.Sort"/>. A caller that has
    /// just read the actor's summary (<see cref="SummaryAsync"/>) passes it as <paramref name="summary"/>: its counts
    /// are those of the unfiltered list and of the due filters.
    /// </summary>
    public async Task<InboxPage> PageAsync(
        Actor actor, InboxFilter filter, int pageSize, string? after, string? before, bool last, CancellationToken cancellationToken,
        InboxSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var matching = Filtered(Visible(actor), filter, out var filtered);
        if (filter.Sort is not ("due-desc" or "new" or "number") && IndexRange(filter) is { } range)
        {
            // Unfiltered, or filtered by deadline only, in deadline order (what 待办 opens on, and its 逾期/即将到期
            // tabs): a range of the candidate index, see InboxQuery.Routes.
            var (open, overdue, dueSoon) = summary is null
                ? await RouteCountsAsync(actor, null, cancellationToken).ConfigureAwait(false)
                : (summary.Open, summary.Overdue, summary.DueSoon);
            int Of((int Open, int Overdue, int DueSoon) counts) => filter.Due switch
            {
                "overdue" => counts.Overdue,
                "soon" => counts.DueSoon,
                _ => counts.Open,
            };
            return await PageAsync(matching, Deadline, Of((open, overdue, dueSoon)), pageSize, after, before, last, actor, cancellationToken,
                (at, backwards, take) => RouteIds(actor, at, backwards, take, range),
                async first => Of(await RouteCountsAsync(actor, first, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
        }
        var count = filtered
            ? await matching.CountAsync(cancellationToken).ConfigureAwait(false)
            : summary?.Open ?? (await RouteCountsAsync(actor, null, cancellationToken).ConfigureAwait(false)).Open;
        return filter.Sort switch
        {
            "due-desc" => await PageAsync(matching, DueDescending, count, pageSize, after, before, last, actor, cancellationToken).ConfigureAwait(false),
            "new" => await PageAsync(matching, Newest, count, pageSize, after, before, last, actor, cancellationToken).ConfigureAwait(false),
            "number" => await PageAsync(matching, ByNumber, count, pageSize, after, before, last, actor, cancellationToken).ConfigureAwait(false),
            _ => await PageAsync(matching, Deadline, count, pageSize, after, before, last, actor, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// The deadlines a filter keeps when it filters by nothing else (all, overdue, due soon: each a range of the
    /// candidate index), or null when it filters by anything the index does not hold.
    /// </summary>
    private DueRange? IndexRange(InboxFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Q) || filter.Kind is not null || filter.Key || filter.Session is not null || !string.IsNullOrEmpty(filter.Unit))
        {
            return null;
        }
        var (now, soonEnd) = DueWindow();
        return filter.Due switch
        {
            "overdue" => new DueRange(null, now),
            "soon" => new DueRange(now, soonEnd),
            _ => new DueRange(null, null),
        };
    }

    /// <summary>
    /// What 待办 reads when opened: the summary and the first page (default sort, pages of
    /// <paramref name="pageSize"/>); returns the page's rows. For timing programs (tools/SupervisionFlow.Seed).
    /// </summary>
    public async Task<IReadOnlyList<InboxRow>> LoadAsync(Actor actor, CancellationToken cancellationToken, int pageSize = 50)
    {
        var (_, page) = await ReadAsync(actor, new InboxFilter(), pageSize, null, null, false, cancellationToken).ConfigureAwait(false);
        return page.Rows;
    }

    /// <summary>All of the actor's open tasks and how many are overdue, counted in the database.</summary>
    public async Task<InboxCounts> CountAsync(Actor actor, CancellationToken cancellationToken)
    {
        var (open, overdue, _) = await CountsAsync(actor, cancellationToken).ConfigureAwait(false);
        return new InboxCounts(open, overdue);
    }

    /// <summary>
    /// Open, overdue and due-soon counts (one statement over the actor's routes) and the choices of the session and
    /// unit filters: the sessions on record, and the actor's own units, or every active unit for those who hold none
    /// (both from <see cref="InboxDirectory"/>, which caches them).
    /// </summary>
    public async Task<InboxSummary> SummaryAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (open, overdue, dueSoon) = await CountsAsync(actor, cancellationToken).ConfigureAwait(false);
        if (open == 0)
        {
            return new InboxSummary(0, 0, 0, [], []);
        }
        var known = await directory.GetAsync(db, cancellationToken).ConfigureAwait(false);
        var ownUnits = actor.Groups.Where(g => g.StartsWith(UnitGroup, StringComparison.Ordinal)).Select(g => g[UnitGroup.Length..])
            .ToHashSet(StringComparer.Ordinal);
        var units = known.Units.Where(u => ownUnits.Count == 0 ? u.IsActive : ownUnits.Contains(u.Id)).Select(u => (u.Id, u.Name)).ToList();
        return new InboxSummary(open, overdue, dueSoon, known.Sessions, units);
    }

    private Task<(int Open, int Overdue, int DueSoon)> CountsAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return RouteCountsAsync(actor, null, cancellationToken);
    }

    /// <summary>A sort's main key, as the database computes it and as the page's links carry it (compiled once).</summary>
    private sealed record SortKey<TKey>(Expression<Func<InboxEntry, TKey>> Key, bool Descending)
    {
        public Func<InboxEntry, TKey> Of { get; } = Key.Compile();
    }

    // 届次, 会次, kind (大会 before 闭会) and number in one sortable number; tasks without a suggestion last.
    private static readonly Expression<Func<InboxEntry, long>> NumberKey = e => e.SuggestionId == null
        ? long.MaxValue
        : (long)e.Term!.Value * 1_000_000_000L + e.Session!.Value * 10_000_000L
          + (e.Kind == SuggestionKind.BetweenSession ? 1_000_000L : 0L) + e.Number!.Value;

    private static readonly SortKey<DateTime> Deadline = new(e => e.DueAt ?? NoDueLast, Descending: false);
    private static readonly SortKey<DateTime> DueDescending = new(e => e.DueAt ?? NoDueFirst, Descending: true);
    private static readonly SortKey<DateTime> Newest = new(e => e.CreatedAt, Descending: true);
    private static readonly SortKey<long> ByNumber = new(NumberKey, Descending: false);

    /// <summary>
    /// One page in one statement: the page's ids (a subquery: from the candidate index when
    /// <paramref name="idsFromIndex"/> gives them, else the filtered list sorted on its keys only) and their full rows.
    /// The unit column's subqueries run for the page's rows, not for every row the sort reads.
    /// </summary>
    private async Task<InboxPage> PageAsync<TKey>(
        IQueryable<InboxEntry> matching, SortKey<TKey> sort, int count, int pageSize,
        string? after, string? before, bool last, Actor actor, CancellationToken cancellationToken,
        Func<KeysetPosition<TKey>?, bool, int, IQueryable<string>>? idsFromIndex = null,
        Func<KeysetPosition<TKey>, Task<int>>? countBefore = null)
    {
        KeysetPosition<TKey>? at = null;
        var backwards = false;
        if (KeysetPosition<TKey>.TryParse(after, out var a))
        {
            at = a;
        }
        else if (KeysetPosition<TKey>.TryParse(before, out var b))
        {
            at = b;
            backwards = true;
        }
        var take = pageSize;
        if (at is null && last && count > pageSize)
        {
            // The last page holds what is left after the full pages, so page numbers stay those of the first page's links.
            backwards = true;
            take = count % pageSize == 0 ? pageSize : count % pageSize;
        }
        var (key, descending) = (sort.Key, sort.Descending);
        var page = matching;
        if (at is not null)
        {
            page = page.Where(Keyset.Beyond(key, e => e.CreatedAt, e => e.TaskId, descending, backwards, at));
        }
        var ids = idsFromIndex is not null
            ? idsFromIndex(at, backwards, take)
            : Sorted(page, key, descending != backwards).Take(take).Select(e => e.TaskId);
        // The ids come from the actor's own routes or the visible list: no visibility filter again (an IN over all of them).
        var rows = Project(db.Set<UserTaskRecord>().AsNoTracking().Where(t => ids.Contains(t.Id)));
        var entries = await Sorted(rows, key, descending != backwards).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (backwards)
        {
            entries.Reverse();
        }
        if (entries.Count == 0)
        {
            return new InboxPage([], count, 0, null, null);
        }
        KeysetPosition<TKey> Position(InboxEntry e) => new(sort.Of(e), e.CreatedAt, e.TaskId);
        var first = Position(entries[0]);
        var rowsBefore = at is null
            ? backwards ? count - entries.Count : 0
            : countBefore is not null
            ? await countBefore(first).ConfigureAwait(false)
            : await matching.CountAsync(Keyset.Beyond(key, e => e.CreatedAt, e => e.TaskId, descending, backwards: true, first), cancellationToken)
                .ConfigureAwait(false);
        var rowsOut = await RowsAsync(entries, actor, cancellationToken).ConfigureAwait(false);
        return new InboxPage(rowsOut, count, rowsBefore,
            rowsBefore > 0 ? first.ToString() : null,
            rowsBefore + entries.Count < count ? Position(entries[^1]).ToString() : null);
    }

    private static IOrderedQueryable<InboxEntry> Sorted<TKey>(IQueryable<InboxEntry> rows, Expression<Func<InboxEntry, TKey>> key, bool descending) =>
        descending
            ? rows.OrderByDescending(key).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.TaskId)
            : rows.OrderBy(key).ThenBy(e => e.CreatedAt).ThenBy(e => e.TaskId);


    private async Task<IReadOnlyList<InboxRow>> RowsAsync(List<InboxEntry> entries, Actor actor, CancellationToken cancellationToken)
    {
        var unitNames = entries.Any(e => e.UnitId is not null)
            ? (await directory.GetAsync(db, cancellationToken).ConfigureAwait(false)).NameOf
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        return [.. entries.Select(e =>
        {
            var dueOn = e.DueAt is { } due ? ChinaTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc))) : (DateOnly?)null;
            var overdue = e.DueAt is { } d && d < now;
            return new InboxRow(
                e.TaskId, e.TaskName, e.ActivityId, e.DueAt, e.CreatedAt, e.SuggestionId,
                e.Number is { } n ? $"第{n}号" : null, e.Title, e.Kind, e.Term, e.Session, e.IsKey == true,
                e.UnitId, e.UnitId is null ? null : unitNames.GetValueOrDefault(e.UnitId, e.UnitId),
                dueOn, overdue, !overdue && dueOn is { } on && on <= today.AddDays(DueSoonDays),
                e.Assignee == actor.UserName, e.Assignee is { } assignee && assignee != actor.UserName ? assignee : null,
                e is { DelegationState: TaskDelegation.Pending, Owner: { } owner, Assignee: { } delegated }
                    ? new InboxDelegation(owner, delegated, owner == actor.UserName)
                    : null);
        })];
    }

    /// <summary>Now, and the end of the due-soon window (the start of the day after it, China time), as UTC.</summary>
    private (DateTime Now, DateTime SoonEnd) DueWindow()
    {
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        return (clock.GetUtcNow().UtcDateTime, ChinaTime.StartOfDay(today.AddDays(DueSoonDays + 1)).UtcDateTime);
    }

    /// <summary>
    /// The actor's open task rows: offered to one of the actor's groups or to the actor by name (read from the
    /// candidate index, so the database visits only these tasks), or assigned to the actor.
    /// </summary>
    private IQueryable<UserTaskRecord> VisibleTasks(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var groups = actor.Groups.ToList();
        var user = actor.UserName;
        var offered = db.Set<TaskCandidateRecord>()
            .Where(c => (c.Kind == CandidateKinds.Group && groups.Contains(c.Value)) || (c.Kind == CandidateKinds.User && c.Value == user))
            .Select(c => c.TaskId);
        return db.Set<UserTaskRecord>().AsNoTracking().Where(t => offered.Contains(t.Id) || t.Assignee == user);
    }

    /// <summary>The actor's open tasks with their suggestion's columns: the engine's task table left-joined on the business key.</summary>
    private IQueryable<InboxEntry> Visible(Actor actor) => Project(VisibleTasks(actor));

    /// <summary>Task rows with their suggestion's columns: the engine's task table left-joined on the business key.</summary>
    private IQueryable<InboxEntry> Project(IQueryable<UserTaskRecord> tasks)
    {
        return from t in tasks
               join s in db.Set<Suggestion>().AsNoTracking() on t.BusinessKey equals s.BusinessKey into joined
               from s in joined.DefaultIfEmpty()
               select new InboxEntry
               {
                   TaskId = t.Id,
                   TaskName = t.Name,
                   ActivityId = t.ActivityId,
                   Assignee = t.Assignee,
                   Owner = t.Owner,
                   DelegationState = t.DelegationState,
                   DueAt = t.DueAt,
                   CreatedAt = t.CreatedAt,
                   SuggestionId = s == null ? null : s.Id,
                   Number = s == null ? null : s.Number,
                   Title = s == null ? t.Name ?? t.ActivityId : s.Title,
                   Kind = s == null ? null : s.Kind,
                   Term = s == null ? null : s.Term,
                   Session = s == null ? null : s.Session,
                   IsKey = s != null && s.IsKey,
                   // A unit's task names its unit in its candidate group (unit:jtj, unitHead:jtj); an office task
                   // belongs to the suggestion's lead unit.
                   UnitId = t.Candidates.Where(c => c.Kind == CandidateKinds.Group && c.Value.StartsWith(UnitGroup))
                                .Select(c => c.Value.Substring(UnitGroup.Length)).FirstOrDefault()
                            ?? t.Candidates.Where(c => c.Kind == CandidateKinds.Group && c.Value.StartsWith(UnitHeadGroup))
                                .Select(c => c.Value.Substring(UnitHeadGroup.Length)).FirstOrDefault()
                            ?? (s == null ? null : s.Units.Where(u => u.IsActive && u.Role != UnitRole.Co).OrderBy(u => u.Id)
                                .Select(u => u.UnitId).FirstOrDefault()),
               };
    }

    private const string UnitGroup = "unit:";
    private const string UnitHeadGroup = "unitHead:";

    private IQueryable<InboxEntry> Filtered(IQueryable<InboxEntry> rows, InboxFilter filter, out bool filtered)
    {
        filtered = !string.IsNullOrWhiteSpace(filter.Q) || filter.Due is "overdue" or "soon" || filter.Kind is not null || filter.Key
                   || filter.Session is not null || !string.IsNullOrEmpty(filter.Unit);
        var q = filter.Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var number = int.TryParse(q.Trim('第', '号'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            rows = rows.Where(e => e.Title.Contains(q) || (e.TaskName != null && e.TaskName.Contains(q))
                                   || (number != null && (e.Number == number || e.SuggestionId == number)));
        }
        var (now, soonEnd) = DueWindow();
        rows = filter.Due switch
        {
            "overdue" => rows.Where(e => e.DueAt < now),
            "soon" => rows.Where(e => e.DueAt >= now && e.DueAt < soonEnd),
            _ => rows,
        };
        if (filter.Kind is { } kind)
        {
            rows = rows.Where(e => e.Kind == kind);
        }
        if (filter.Key)
        {
            rows = rows.Where(e => e.IsKey == true);
        }
        if (filter.Session is { } session)
        {
            rows = rows.Where(e => e.Session == session);
        }
        if (!string.IsNullOrEmpty(filter.Unit))
        {
            var unit = filter.Unit;
            rows = rows.Where(e => e.UnitId == unit);
        }
        return rows;
    }
}

/// <summary>An inbox's totals and the choices its filters offer.</summary>
public sealed record InboxSummary(int Open, int Overdue, int DueSoon, IReadOnlyList<int> Sessions, IReadOnlyList<(string Id, string Name)> Units);

/// <summary>The columns the inbox filters and sorts on, as the database computes them (a projection, not an entity).</summary>
internal sealed class InboxEntry
{
    public string TaskId { get; init; } = "";

    public string? TaskName { get; init; }

    public string ActivityId { get; init; } = "";

    public string? Assignee { get; init; }

    public string? Owner { get; init; }

    public string? DelegationState { get; init; }

    public DateTime? DueAt { get; init; }

    public DateTime CreatedAt { get; init; }

    public int? SuggestionId { get; init; }

    public int? Number { get; init; }

    public string Title { get; init; } = "";

    public SuggestionKind? Kind { get; init; }

    public int? Term { get; init; }

    public int? Session { get; init; }

    public bool? IsKey { get; init; }

    public string? UnitId { get; init; }
}
