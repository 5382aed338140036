using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Quartz;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web.Features.Admin;

/// <summary>
/// 提醒与任务 (admin): the mail/SMS outbox (retry a failed send), the engine's incidents (retry the failed job), the
/// next engine timers, and the next fire times of the Quartz sweeps (due-job sweep, outbox dispatch, reminder scan).
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class JobsModel(
    AppDbContext db, ProcessEngine engine, IServiceProvider services, TimeProvider clock, CurrentActor current) : PageModel
{
    public const int OutboxPageSize = 100;
    public const int TimerCount = 50;

    public sealed record TimerRow(TimerView Timer, string? BusinessKey, string? DefinitionKey, string? Suggestion);

    public sealed record IncidentRow(IncidentView Incident, string? BusinessKey, string? Suggestion);

    public sealed record TriggerRow(
        string Scheduler, bool Running, string Trigger, string Job, string State, DateTimeOffset? Next, DateTimeOffset? Previous);

    /// <summary>Pending, Sent, Failed, or null for all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyDictionary<string, int> OutboxCounts { get; private set; } = new Dictionary<string, int>();

    public IReadOnlyList<OutboxMessage> Outbox { get; private set; } = [];

    public IReadOnlyList<IncidentRow> Incidents { get; private set; } = [];

    public IReadOnlyList<TimerRow> Timers { get; private set; } = [];

    public int TimerTotal { get; private set; }

    public IReadOnlyList<TriggerRow> Triggers { get; private set; } = [];

    public DateTime EngineNow { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Error { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        EngineNow = clock.GetUtcNow().UtcDateTime;
        OutboxCounts = await db.Set<OutboxMessage>().AsNoTracking().GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var outbox = db.Set<OutboxMessage>().AsNoTracking();
        if (Status is OutboxStatus.Pending or OutboxStatus.Sent or OutboxStatus.Failed)
        {
            outbox = outbox.Where(m => m.Status == Status);
        }
        else
        {
            Status = null;
        }
        Outbox = await outbox.OrderByDescending(m => m.Id).Take(OutboxPageSize).ToListAsync(cancellationToken);

        var incidents = await engine.GetIncidentsAsync(cancellationToken: cancellationToken);
        var timers = (await engine.GetTimersAsync(cancellationToken: cancellationToken))
            .OrderBy(t => t.DueAt ?? DateTime.MaxValue).ToList();
        TimerTotal = timers.Count;
        var nextTimers = timers.Take(TimerCount).ToList();
        var instances = await InstancesAsync(nextTimers.Select(t => t.ProcessInstanceId).Concat(incidents.Select(i => i.ProcessInstanceId)), cancellationToken);
        var suggestions = await SuggestionLabelsAsync(instances.Values.Select(i => i.BusinessKey), cancellationToken);
        string? Label(string? key) => key is not null && suggestions.TryGetValue(key, out var label) ? label : null;
        Incidents = [.. incidents.OrderByDescending(i => i.CreatedAt).Select(i =>
        {
            var instance = instances.GetValueOrDefault(i.ProcessInstanceId);
            return new IncidentRow(i, instance?.BusinessKey, Label(instance?.BusinessKey));
        })];
        Timers = [.. nextTimers.Select(t =>
        {
            var instance = instances.GetValueOrDefault(t.ProcessInstanceId);
            return new TimerRow(t, instance?.BusinessKey, instance?.DefinitionKey, Label(instance?.BusinessKey));
        })];
        Triggers = await TriggersAsync(cancellationToken);
    }

    /// <summary>Gives a failed mail/SMS a new round of attempts, starting now.</summary>
    public async Task<IActionResult> OnPostRetryOutboxAsync(long id, CancellationToken cancellationToken)
    {
        var message = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return NotFound();
        }
        if (message.Status != OutboxStatus.Failed)
        {
            Error = $"消息 {id} 不是发送失败状态，无需重发。";
            return RedirectToPage(new { status = Status });
        }
        var now = clock.GetUtcNow().UtcDateTime;
        message.Status = OutboxStatus.Pending;
        message.NextAttemptAt = now;
        // A full new series of attempts with back-off; the last error stays visible until the next attempt replaces it.
        message.Attempts = 0;
        AuditTrail.Add(db, current.UserName, "outbox.retry", message.SuggestionId, $"{id} {message.Subject}", now);
        await db.SaveChangesAsync(cancellationToken);
        Message = $"消息 {id} 已重新排队，将在下一次发送时投递。";
        return RedirectToPage(new { status = Status });
    }

    /// <summary>Gives the failed engine job its retries back and runs it now (<see cref="ProcessEngine.RetryIncidentAsync"/>).</summary>
    public async Task<IActionResult> OnPostRetryIncidentAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            // One command: the retry and its audit entry commit together; the job runs after the commit.
            await engine.RunAsync(db, current.UserName, async (unit, token) =>
            {
                await unit.RetryIncidentAsync(id, token);
                AuditTrail.Add(db, current.UserName, "incident.retry", null, id, clock.GetUtcNow().UtcDateTime);
            }, cancellationToken);
            var again = (await engine.GetIncidentsAsync(cancellationToken: cancellationToken)).Any(i => i.Id == id);
            if (again)
            {
                Error = $"已重试故障 {id}，但仍未成功，请查看错误信息。";
            }
            else
            {
                Message = $"故障 {id} 已重试。";
            }
        }
        catch (EngineNotFoundException)
        {
            Error = $"故障 {id} 不存在（可能已被处理）。";
        }
        catch (EngineException e)
        {
            Error = $"重试故障 {id} 失败：{EngineMessages.For(e)}";
        }
        catch (DbUpdateException)
        {
            // Nothing of the retry was saved (one command): the incident is still there to retry again.
            Error = $"重试故障 {id} 失败：{EngineMessages.SaveFailed}";
        }
        return RedirectToPage(new { status = Status });
    }

    private async Task<Dictionary<string, ProcessInstanceView>> InstancesAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, ProcessInstanceView>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await engine.GetInstanceAsync(id, cancellationToken) is { } instance)
            {
                result[id] = instance;
            }
        }
        return result;
    }

    private async Task<Dictionary<string, string>> SuggestionLabelsAsync(IEnumerable<string?> businessKeys, CancellationToken cancellationToken)
    {
        var ids = businessKeys.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();
        return (await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Number, s.Title }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Id.ToString(CultureInfo.InvariantCulture), s => $"第{s.Number}号 {s.Title}");
    }

    /// <summary>
    /// Every trigger of every scheduler in this process. The engine sweep and the notifications each run a named
    /// scheduler, whose factory Quartz registers keyed by the name; a default (unkeyed) one is included if registered.
    /// </summary>
    private async Task<List<TriggerRow>> TriggersAsync(CancellationToken cancellationToken)
    {
        var factories = new[] { SchedulingExtensions.SchedulerName, NotificationsServiceCollectionExtensions.SchedulerName }
            .Select(name => services.GetKeyedService<ISchedulerFactory>(name))
            .Append(services.GetService<ISchedulerFactory>())
            .OfType<ISchedulerFactory>();
        var schedulers = new Dictionary<string, IScheduler>(StringComparer.OrdinalIgnoreCase);
        foreach (var factory in factories)
        {
            foreach (var found in await factory.GetAllSchedulers(cancellationToken))
            {
                schedulers.TryAdd(found.SchedulerName, found);
            }
        }
        var rows = new List<TriggerRow>();
        foreach (var scheduler in schedulers.Values)
        {
            var status = scheduler.Status;
            if (status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)
            {
                continue;
            }
            // A handful of triggers per scheduler: the first page holds them all.
            foreach (var trigger in (await scheduler.QueryTriggers(new TriggerQuery(), cancellationToken)).Items)
            {
                rows.Add(new TriggerRow(scheduler.SchedulerName, status == SchedulerStatus.Running, trigger.Key.Name, trigger.JobKey.Name,
                    StateLabel(trigger.State), trigger.NextFireTimeUtc, trigger.PreviousFireTimeUtc));
            }
        }
        return [.. rows.OrderBy(r => r.Next ?? DateTimeOffset.MaxValue)];
    }

    private static string StateLabel(TriggerState state) => state switch
    {
        TriggerState.Normal => "正常",
        TriggerState.Paused => "已暂停",
        TriggerState.Complete => "已完成",
        TriggerState.Error => "出错",
        TriggerState.Blocked or TriggerState.Executing => "执行中",
        _ => state.ToString(),
    };

    public static string StatusLabel(string status) => status switch
    {
        OutboxStatus.Pending => "待发送",
        OutboxStatus.Sent => "已发送",
        OutboxStatus.Failed => "发送失败",
        _ => status,
    };

    /// <summary>China time, as users read it.</summary>
    public static string Time(DateTime? utc) =>
        utc is { } t ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), Domain.Calendar.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTimeOffset? instant) => instant is { } i ? Time(i.UtcDateTime) : "—";
}
