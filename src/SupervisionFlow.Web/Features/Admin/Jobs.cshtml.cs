using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Archive;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web.Features.Admin;

/// <summary>
/// 提醒与任务 (admin): the mail/SMS outbox (retry a failed send), the engine's incidents (retry the failed job), the
/// next engine timers, and what Hangfire runs (its servers, the loops on each of them, the recurring reminder scan);
/// the Hangfire Dashboard (<see cref="SchedulingExtensions.DashboardPath"/>) shows the rest.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class JobsModel(
    AppDbContext db,
    ProcessEngine engine,
    JobStorage hangfire,
    IOptions<SweepOptions> sweep,
    IOptions<NotificationsOptions> notifications,
    TimeProvider clock,
    CurrentActor current,
    IOptions<ListOptions> lists,
    IOptions<HistoryArchiveOptions> archive) : PageModel
{
    public const int TimerCount = 50;

    /// <summary>Archive runs shown, newest first.</summary>
    public const int ArchiveRunCount = 10;

    public sealed record TimerRow(TimerView Timer, string? BusinessKey, string? DefinitionKey, string? Suggestion);

    public sealed record IncidentRow(IncidentView Incident, string? BusinessKey, string? Suggestion);

    /// <summary>A Hangfire server (one per node and host process) and when it last reported alive (real time).</summary>
    public sealed record ServerRow(string Name, int Workers, DateTime StartedAt, DateTime? Heartbeat);

    /// <summary>Work Hangfire runs: a loop on every server, or a recurring job run once per schedule across servers.</summary>
    public sealed record ScheduleRow(string Name, string How, string Schedule, bool Enabled, DateTime? Next, DateTime? Last, string? LastState);

    /// <summary>Pending, Sent, Failed, or null for all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyDictionary<string, int> OutboxCounts { get; private set; } = new Dictionary<string, int>();

    public IReadOnlyList<OutboxMessage> Outbox { get; private set; } = [];

    /// <summary>Keyset position of the outbox list (newest first): the id the page continues after.</summary>
    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    /// <summary>Keyset position: the id the page ends before.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Last { get; set; }

    public KeysetPager OutboxPages { get; private set; } = null!;

    public IReadOnlyList<IncidentRow> Incidents { get; private set; } = [];

    public IReadOnlyList<TimerRow> Timers { get; private set; } = [];

    public int TimerTotal { get; private set; }

    public IReadOnlyList<ServerRow> Servers { get; private set; } = [];

    public IReadOnlyList<ScheduleRow> Schedules { get; private set; } = [];

    public DateTime EngineNow { get; private set; }

    public HistoryArchiveOptions Archive => archive.Value;

    public IReadOnlyList<HistoryArchiveRun> ArchiveRuns { get; private set; } = [];

    public int ArchivedSuggestions { get; private set; }

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
        await ReadOutboxPageAsync(outbox, cancellationToken);

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
        (Servers, Schedules) = ReadHangfire();
        ArchiveRuns = await db.Set<HistoryArchiveRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(ArchiveRunCount).ToListAsync(cancellationToken);
        ArchivedSuggestions = await db.Set<ArchivedSuggestion>().CountAsync(cancellationToken);
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
    /// Two cheap reads of Hangfire's storage (its server list and recurring-job set); the loops' intervals come from
    /// the options, since they keep no state in Hangfire.
    /// </summary>
    private (List<ServerRow> Servers, List<ScheduleRow> Schedules) ReadHangfire()
    {
        var servers = hangfire.GetMonitoringApi().Servers()
            .Select(s => new ServerRow(s.Name, s.WorkersCount, s.StartedAt, s.Heartbeat))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var dispatch = notifications.Value.Dispatch;
        var schedules = new List<ScheduleRow>
        {
            new("流程定时器扫描（DueJobSweep）", "每个节点循环", $"每 {sweep.Value.IntervalSeconds} 秒", sweep.Value.Enabled, null, null, null),
            new("邮件短信发送（OutboxDispatchProcess）", "每个节点循环", $"每 {dispatch.IntervalSeconds} 秒", dispatch.Enabled, null, null, null),
        };
        using var connection = hangfire.GetConnection();
        schedules.AddRange(connection.GetRecurringJobs().Select(j => new ScheduleRow(
            j.Id, "周期任务（全集群一次）", $"cron {j.Cron}", !j.Removed && j.Error is null, j.NextExecution, j.LastExecution, j.LastJobState ?? j.Error)));
        return (servers, schedules);
    }

    /// <summary>One keyset page of the outbox, newest first, with its count and links.</summary>
    private async Task ReadOutboxPageAsync(IQueryable<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        var size = lists.Value.OutboxPageSize;
        var total = await outbox.CountAsync(cancellationToken);
        var page = outbox;
        var backwards = false;
        var take = size;
        if (After is { } after)
        {
            page = page.Where(m => m.Id < after);
        }
        else if (Before is { } before)
        {
            page = page.Where(m => m.Id > before);
            backwards = true;
        }
        else if (Last && total > size)
        {
            backwards = true;
            take = total % size == 0 ? size : total % size;
        }
        var rows = await (backwards ? page.OrderBy(m => m.Id) : page.OrderByDescending(m => m.Id)).Take(take).ToListAsync(cancellationToken);
        if (backwards)
        {
            rows.Reverse();
        }
        var rowsBefore = rows.Count == 0 ? 0 : await outbox.CountAsync(m => m.Id > rows[0].Id, cancellationToken);
        Outbox = rows;
        OutboxPages = new KeysetPager("/Admin/Jobs", total, size, rowsBefore,
            rowsBefore > 0 ? rows[0].Id.ToString(CultureInfo.InvariantCulture) : null,
            rowsBefore + rows.Count < total ? rows[^1].Id.ToString(CultureInfo.InvariantCulture) : null,
            new Dictionary<string, string?> { ["status"] = Status });
    }

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
