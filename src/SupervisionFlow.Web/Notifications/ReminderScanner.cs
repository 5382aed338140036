using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Looks at the engine's open user tasks with a due date, asks <see cref="ReminderPlanner"/> which reminders are due
/// at the engine's clock, and writes the ones not yet written into the outbox (<see cref="OutboxDispatcher"/> sends
/// them). Idempotent: run it as often as you like; a reminder's dedup key is written once.
/// </summary>
/// <remarks>
/// Per reminder one e-mail row carries the plan's dedup key: to every address the task's candidate groups resolve to,
/// or, when none has an address, a Failed row saying so (visible to the office, and written once, not every scan).
/// Deputies with a phone also get an SMS (<c>{key}:sms:{deputyId}</c>) when <c>Notifications:Sms:Enabled</c>.
/// </remarks>
public sealed class ReminderScanner(
    ProcessEngine engine,
    NotificationsDb databases,
    RecipientDirectory directory,
    WorkingCalendar calendar,
    TimeProvider clock,
    IOptions<NotificationsOptions> options,
    ILogger<ReminderScanner> logger)
{
    // Before-due reminders move back over rest days (up to a month), so look that much further ahead.
    private static readonly TimeSpan ExtraHorizon = TimeSpan.FromDays(32);

    /// <summary>Writes every due, unwritten reminder; returns how many outbox rows were written.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var policy = ReminderPolicy.From(settings.Reminders);
        var now = clock.GetUtcNow();
        var horizon = now + TimeSpan.FromDays(policy.DaysBefore.Max()) + ExtraHorizon;
        var tasks = await engine.FindTasksAsync(new TaskQuery(DueBefore: horizon.UtcDateTime), cancellationToken).ConfigureAwait(false);
        var missingYears = new SortedSet<int>();
        bool IsWorkingDay(DateOnly day)
        {
            if (calendar.Covers(day))
            {
                return calendar.IsWorkingDay(day);
            }
            missingYears.Add(day.Year);
            return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        }

        var planned = tasks
            .Select(task => (Task: task, Plans: ReminderPlanner.Plan(
                new ReminderTask(task.Id, task.CreatedAt, task.DueAt, task.CandidateGroups), now, policy, IsWorkingDay)))
            .Where(x => x.Plans.Count > 0)
            .ToList();
        if (missingYears.Count > 0)
        {
            // Not silently a plain weekday: say so, but still remind (a reminder too many beats a missed deadline).
            logger.LogWarning(
                "工作日历缺少 {Years} 年数据，逾期提醒按周一至周五计算 / The working calendar has no data for {Years}; reminders treat Monday–Friday as working days. Add the year to {Directory}.",
                string.Join(", ", missingYears), string.Join(", ", missingYears), calendar.Directory);
        }
        if (planned.Count == 0)
        {
            return 0;
        }

        var db = databases.Create();
        await using var _ = db.ConfigureAwait(false);
        var existing = await ExistingKeysAsync(db, planned.SelectMany(x => x.Plans).Select(p => p.DedupKey), cancellationToken).ConfigureAwait(false);
        var cache = new Dictionary<string, RecipientSet>(StringComparer.Ordinal);
        var suggestions = new Dictionary<int, Suggestion?>();
        var written = 0;
        foreach (var (task, plans) in planned)
        {
            var open = plans.Where(p => !existing.Contains(p.DedupKey)).ToList();
            if (open.Count == 0)
            {
                continue;
            }
            var suggestion = await FindSuggestionAsync(db, task, suggestions, cancellationToken).ConfigureAwait(false);
            var taskRecipients = await ResolveAsync(db, task.CandidateGroups, task.Assignee, cache, cancellationToken).ConfigureAwait(false);
            var added = 0;
            foreach (var plan in open)
            {
                var recipients = plan.Audience == ReminderAudience.Task
                    ? taskRecipients
                    : await ResolveAsync(db, plan.Groups, null, cache, cancellationToken).ConfigureAwait(false);
                foreach (var message in Compose(plan, task, suggestion, recipients, taskRecipients, now.UtcDateTime, settings))
                {
                    if (await Outbox.EnqueueAsync(db, message, cancellationToken).ConfigureAwait(false))
                    {
                        added++;
                    }
                }
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                written += added;
            }
            catch (DbUpdateException ex)
            {
                // Another node wrote the same reminder first (unique dedup key): theirs goes out, ours is dropped.
                logger.LogDebug(ex, "Reminders of task {TaskId} were written concurrently by another scan", task.Id);
            }
            db.ChangeTracker.Clear();
        }
        return written;
    }

    private static async Task<HashSet<string>> ExistingKeysAsync(DbContext db, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(200))
        {
            var rows = await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => chunk.Contains(m.DedupKey))
                .Select(m => m.DedupKey)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            found.UnionWith(rows);
        }
        return found;
    }

    private async Task<RecipientSet> ResolveAsync(
        DbContext db, IReadOnlyList<string> groups, string? assignee, Dictionary<string, RecipientSet> cache, CancellationToken cancellationToken)
    {
        var cacheKey = string.Join("\n", groups) + "\n@" + assignee;
        if (!cache.TryGetValue(cacheKey, out var set))
        {
            set = await directory.ResolveAsync(db, groups, assignee, cancellationToken).ConfigureAwait(false);
            cache[cacheKey] = set;
        }
        return set;
    }

    private static async Task<Suggestion?> FindSuggestionAsync(
        DbContext db, TaskView task, Dictionary<int, Suggestion?> cache, CancellationToken cancellationToken)
    {
        if (SuggestionIdOf(task) is not { } id)
        {
            return null;
        }
        if (!cache.TryGetValue(id, out var suggestion))
        {
            suggestion = await db.Set<Suggestion>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
            cache[id] = suggestion;
        }
        return suggestion;
    }

    /// <summary>The suggestion a task belongs to: variable <c>suggestionId</c>, else the business key.</summary>
    public static int? SuggestionIdOf(TaskView task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Variables.TryGetPropertyValue("suggestionId", out var node) && node is JsonValue value)
        {
            if (value.TryGetValue<int>(out var number))
            {
                return number;
            }
            if (value.TryGetValue<double>(out var real) && real == Math.Floor(real) && real is > 0 and < int.MaxValue)
            {
                return (int)real;
            }
            if (value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }
        return int.TryParse(task.BusinessKey, NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : null;
    }

    /// <summary>The messages of one planned reminder: the e-mail row (dedup key of the plan) and deputies' SMS.</summary>
    public static IEnumerable<OutboxMessage> Compose(
        PlannedReminder plan, TaskView task, Suggestion? suggestion, RecipientSet recipients, RecipientSet taskRecipients,
        DateTime nowUtc, NotificationsOptions settings)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(taskRecipients);
        ArgumentNullException.ThrowIfNull(settings);
        var title = suggestion?.Title ?? (task.Variables["title"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null);
        var label = NoticeText.SuggestionLabel(suggestion?.Number, title);
        var taskName = string.IsNullOrWhiteSpace(task.Name) ? task.ActivityId : task.Name;
        var subject = Subject(plan, label, taskName);
        var link = NoticeText.Link(settings.BaseUrl, $"tasks/{Uri.EscapeDataString(task.Id)}");
        var suggestionId = suggestion?.Id ?? SuggestionIdOf(task);
        var mailTo = recipients.WithEmail;
        var lines = new List<string> { NoticeText.Salutation(mailTo.Select(r => r.Name)), "", Lead(plan), "" };
        if (suggestion is not null)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"建议编号：第{suggestion.Number}号（{NoticeText.SessionLabel(suggestion.Term, suggestion.Session)}）"));
        }
        if (!string.IsNullOrWhiteSpace(title))
        {
            lines.Add($"标题：{title}");
        }
        lines.Add($"任务：{taskName}");
        if (plan.Audience != ReminderAudience.Task && taskRecipients.Recipients.Count > 0)
        {
            lines.Add($"待办单位/人员：{string.Join("、", taskRecipients.Recipients.Select(r => r.Name).Distinct(StringComparer.Ordinal))}");
        }
        lines.Add($"办理期限：{NoticeText.DateAndTime(task.DueAt!.Value)}");
        lines.Add(plan.Kind == ReminderKind.BeforeDue
            ? string.Create(CultureInfo.InvariantCulture, $"剩余天数：{plan.DaysLeft} 天")
            : string.Create(CultureInfo.InvariantCulture, $"已逾期天数：{plan.DaysOverdue} 天"));
        lines.Add($"办理链接：{link}");
        var email = new OutboxMessage
        {
            CreatedAt = nowUtc,
            Channel = OutboxChannel.Email,
            DedupKey = plan.DedupKey,
            SuggestionId = suggestionId,
            Subject = subject,
            Body = NoticeText.Body(lines),
        };
        if (mailTo.Count > 0)
        {
            email.To = string.Join(", ", mailTo.Select(r => r.Email!.Trim()));
            email.ToName = Shorten(string.Join("、", mailTo.Select(r => r.Name)));
        }
        else
        {
            email.Status = OutboxStatus.Failed;
            email.ToName = Shorten(string.Join("、", plan.Groups));
            email.LastError = Shorten("没有可用的收件地址 / no recipient address: "
                + (recipients.Unresolved.Count > 0 ? string.Join("；", recipients.Unresolved) : string.Join(", ", plan.Groups)));
        }
        yield return email;

        if (!settings.Sms.Enabled)
        {
            yield break;
        }
        foreach (var deputy in recipients.WithPhone.Where(r => r.DeputyId is not null))
        {
            var text = plan.Kind == ReminderKind.BeforeDue
                ? $"{NoticeText.SmsSignature}{deputy.Name}，您的{label}{taskName}任务将于{NoticeText.ShortDate(plan.DueOn)}到期，请及时办理。"
                : string.Create(CultureInfo.InvariantCulture, $"{NoticeText.SmsSignature}{deputy.Name}，您的{label}{taskName}任务已逾期{plan.DaysOverdue}天，请尽快办理。");
            yield return new OutboxMessage
            {
                CreatedAt = nowUtc,
                Channel = OutboxChannel.Sms,
                DedupKey = string.Create(CultureInfo.InvariantCulture, $"{plan.DedupKey}:sms:{deputy.DeputyId}"),
                SuggestionId = suggestionId,
                To = deputy.Phone!.Trim(),
                ToName = deputy.Name,
                Subject = subject,
                Body = text,
            };
        }
    }

    private static string Subject(PlannedReminder plan, string label, string taskName)
    {
        var what = string.IsNullOrEmpty(label) ? taskName : $"{label} {taskName}";
        if (plan.Kind == ReminderKind.BeforeDue)
        {
            return $"【待办提醒】{what} 将于 {NoticeText.Date(plan.DueOn)} 到期";
        }
        var tag = plan.Audience == ReminderAudience.Task ? "【逾期提醒】" : "【逾期督办】";
        return plan.DaysOverdue > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{tag}{what} 已逾期 {plan.DaysOverdue} 天（办理期限 {NoticeText.Date(plan.DueOn)}）")
            : $"{tag}{what} 已超过办理期限（{NoticeText.Date(plan.DueOn)}）";
    }

    private static string Lead(PlannedReminder plan) => (plan.Kind, plan.Audience) switch
    {
        (ReminderKind.BeforeDue, _) => "您有一项代表建议办理任务即将到期，请在办理期限前完成。",
        (_, ReminderAudience.Task) => "您有一项代表建议办理任务已超过办理期限，请尽快办理。任务办结前，系统每个工作日提醒一次。",
        (_, ReminderAudience.UnitHead) => "贵单位承办的以下代表建议办理任务已超过办理期限，请督促经办人员尽快办理。",
        _ => "以下代表建议办理任务已超过办理期限，抄送联工委督办。",
    };

    private static string Shorten(string text) => NoticeText.Shorten(text, 490);
}
