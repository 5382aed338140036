using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>Everything a task form needs: the task, its suggestion, the actor, the clock, the calendar and profile, the input, and the command's engine unit of work.</summary>
public sealed class FormContext(
    AppDbContext db, EngineUnitOfWork unit, TaskView task, Suggestion suggestion, Actor actor, DateTimeOffset now,
    WorkingCalendar calendar, HandlingProfile profile, FormInput input, IReadOnlyList<UploadedFile>? files = null)
{
    public AppDbContext Db => db;

    /// <summary>The engine side of the submission's command: changes here commit with the form's domain rows.</summary>
    public EngineUnitOfWork Engine => unit;

    public TaskView Task => task;

    public Suggestion Suggestion => suggestion;

    public Actor Actor => actor;

    public DateTimeOffset Now => now;

    public DateTime NowUtc => now.UtcDateTime;

    public DateOnly Today => ChinaTime.DateOf(now);

    public WorkingCalendar Calendar => calendar;

    public HandlingProfile Profile => profile;

    public FormInput Input => input;

    /// <summary>Files sent with the form (only forms that take attachments look at them).</summary>
    public IReadOnlyList<UploadedFile> Files => files ?? [];

    /// <summary>The unit the task belongs to (<c>unit</c>, or <c>coUnit</c> for a co-unit opinion).</summary>
    public string Unit =>
        Text("coUnit") is { } coUnit && task.ActivityId == "coOpinion" ? coUnit
        : Text("unit") ?? suggestion.Units.FirstOrDefault(u => u.IsActive && u.Role != UnitRole.Co)?.UnitId
        ?? throw new HandlingValidationException("任务没有对应的承办单位。");

    public string? Text(string variable) => task.Variables[variable] is JsonValue v ? v.ToString() : null;

    /// <summary>The date a named profile deadline falls on, counted from <paramref name="from"/>.</summary>
    public DateOnly Deadline(string name, DateOnly from) => profile.Compute(name, from, calendar);

    public static string EndOfDayIso(DateOnly date) => ChinaTime.ToIso(ChinaTime.EndOfDay(date));

    public void Audit(string action, string? details) => AuditTrail.Add(db, actor.UserName, action, suggestion.Id, details, NowUtc);

    public Task<T?> LatestAsync<T>(Func<IQueryable<T>, IQueryable<T>>? filter, CancellationToken cancellationToken)
        where T : HandlingRecord
    {
        var query = db.Set<T>().Where(r => r.SuggestionId == suggestion.Id);
        return (filter?.Invoke(query) ?? query).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
