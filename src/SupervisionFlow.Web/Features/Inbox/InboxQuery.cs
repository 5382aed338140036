using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Inbox;

/// <summary>One open task in an inbox, with what the list shows of its suggestion.</summary>
public sealed record InboxRow(
    TaskView Task,
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
    string? AssignedToOther);

public sealed record InboxCounts(int Open, int Overdue);

/// <summary>
/// The open tasks an actor may work on: offered to one of the actor's groups, or assigned/offered to the actor by name.
/// Two engine queries and one suggestion query, whatever the number of tasks.
/// </summary>
public sealed class InboxQuery(ProcessEngine engine, AppDbContext db, TimeProvider clock)
{
    /// <summary>"Due soon": within this many calendar days.</summary>
    public const int DueSoonDays = 7;

    public async Task<IReadOnlyList<InboxRow>> LoadAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var tasks = new Dictionary<string, TaskView>(StringComparer.Ordinal);
        if (actor.Groups.Count > 0)
        {
            foreach (var task in await engine.FindTasksAsync(new TaskQuery(AnyCandidateGroup: [.. actor.Groups]), cancellationToken).ConfigureAwait(false))
            {
                tasks[task.Id] = task;
            }
        }
        // CandidateUser also matches tasks assigned to the user.
        foreach (var task in await engine.FindTasksAsync(new TaskQuery(CandidateUser: actor.UserName), cancellationToken).ConfigureAwait(false))
        {
            tasks[task.Id] = task;
        }
        var ids = tasks.Values.Select(SuggestionIdOf).OfType<int>().Distinct().ToList();
        var suggestions = ids.Count == 0
            ? []
            : await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id))
                .Select(s => new SuggestionRow(s.Id, s.Number, s.Title, s.Kind, s.Term, s.Session, s.IsKey, s.ReplyDueOn,
                    s.Units.Where(u => u.IsActive && u.Role != UnitRole.Co).Select(u => u.UnitId).FirstOrDefault()))
                .ToDictionaryAsync(s => s.Id, cancellationToken).ConfigureAwait(false);
        var unitNames = await UnitNames.AllAsync(db, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        return [.. tasks.Values.Select(task =>
        {
            var id = SuggestionIdOf(task);
            var suggestion = id is { } i ? suggestions.GetValueOrDefault(i) : null;
            var unitId = UnitOf(task) ?? suggestion?.LeadUnitId;
            var dueOn = task.DueAt is { } due ? ChinaTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc))) : (DateOnly?)null;
            var overdue = task.DueAt is { } d && d < now;
            return new InboxRow(
                task, id, suggestion is null ? null : $"第{suggestion.Number}号", suggestion?.Title ?? Text(task, "title") ?? task.Name ?? task.ActivityId,
                suggestion?.Kind, suggestion?.Term, suggestion?.Session, suggestion?.IsKey ?? Bool(task, "isKey"),
                unitId, unitId is null ? null : unitNames.GetValueOrDefault(unitId, unitId),
                dueOn, overdue, !overdue && dueOn is { } on && on <= today.AddDays(DueSoonDays),
                task.Assignee == actor.UserName, task.Assignee is { } a && a != actor.UserName ? a : null);
        })];
    }

    public async Task<InboxCounts> CountAsync(Actor actor, CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(actor, cancellationToken).ConfigureAwait(false);
        return new InboxCounts(rows.Count, rows.Count(r => r.Overdue));
    }

    public static int? SuggestionIdOf(TaskView task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var text = Text(task, "suggestionId") ?? task.BusinessKey;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The unit a task belongs to, as <c>FormContext.Unit</c> decides it.</summary>
    public static string? UnitOf(TaskView task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.ActivityId == "coOpinion" && Text(task, "coUnit") is { } co ? co : Text(task, "unit");
    }

    private static string? Text(TaskView task, string name) => task.Variables[name] is JsonValue v ? v.ToString() : null;

    private static bool Bool(TaskView task, string name) => task.Variables[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private sealed record SuggestionRow(int Id, int Number, string Title, SuggestionKind Kind, int Term, int Session, bool IsKey, DateOnly? ReplyDueOn, string? LeadUnitId);
}
