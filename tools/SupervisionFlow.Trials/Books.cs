namespace SupervisionFlow.Trials;

/// <summary>The outcome of one trial's checks.</summary>
public sealed record BookResult(int Lost, int Doubled, int Stuck, int Resent, int Unsent, int Steps, int Mails, IReadOnlyList<string> Findings);

/// <summary>
/// Checks the books in the database against the driver's ledger and the SMTP server's mailbox:
/// every completed step once in history, no task both open and completed, every due timer fired once, every
/// acknowledged completion and message present, every sent outbox row at the server, no instance stuck.
/// </summary>
public static class Books
{
    public static async Task<BookResult> CheckAsync(TrialDatabase db, Ledger ledger, SmtpSink smtp, DateTimeOffset now, int crashes)
    {
        var findings = new List<string>();
        var lost = 0;
        var doubled = 0;
        var stuck = 0;

        var history = await db.QueryAsync(
            """SELECT "Id", "ProcessInstanceId", "ActivityId", "EndedAt" IS NOT NULL, "Canceled" FROM engine_history_activities""",
            r => (Id: r.GetString(0), Instance: r.GetString(1), Activity: r.GetString(2), Ended: r.GetBoolean(3), Canceled: r.GetBoolean(4)));
        var done = history.Where(h => h.Ended && !h.Canceled).ToList();
        // The trial process has no loop: every activity completes at most once per instance.
        foreach (var group in done.GroupBy(h => (h.Instance, h.Activity)).Where(g => g.Count() > 1))
        {
            doubled += group.Count() - 1;
            findings.Add($"doubled: {group.Key.Activity} of {group.Key.Instance} completed {group.Count()} times");
        }
        var openTasks = await db.QueryAsync("""SELECT "Id" FROM engine_tasks""", r => r.GetString(0));
        var doneIds = done.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var task in openTasks.Where(doneIds.Contains))
        {
            doubled++;
            findings.Add($"doubled: task {task} is open and completed");
        }
        var instances = await db.QueryAsync("""SELECT "Id", "State" FROM engine_instances""", r => (Id: r.GetString(0), State: r.GetString(1)));
        var known = instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var started in ledger.StartedInstances.Keys.Where(id => !known.Contains(id)))
        {
            lost++;
            findings.Add($"lost: instance {started} was acknowledged as started");
        }
        foreach (var (task, instance) in ledger.CompletedTasks.Where(t => !doneIds.Contains(t.Key)))
        {
            lost++;
            findings.Add($"lost: completion of task {task} ({instance}) was acknowledged");
        }
        var acked = done.Where(h => h.Activity == "ack").Select(h => h.Instance).ToHashSet(StringComparer.Ordinal);
        foreach (var instance in ledger.Acked.Keys.Where(i => !acked.Contains(i)))
        {
            lost++;
            findings.Add($"lost: message to {instance} was acknowledged as correlated");
        }

        var jobs = await db.QueryAsync("""SELECT "ProcessInstanceId", "ActivityId", "DueAt" FROM engine_jobs""",
            r => (Instance: r.GetString(0), Activity: r.GetString(1), DueAt: r.IsDBNull(2) ? (DateTime?)null : r.GetDateTime(2)));
        foreach (var job in jobs.Where(j => j.DueAt is { } due && DateTime.SpecifyKind(due, DateTimeKind.Utc) <= now.UtcDateTime))
        {
            lost++;
            findings.Add($"lost: timer {job.Activity} of {job.Instance} due {job.DueAt:O} never fired");
        }
        var withTask = (await db.QueryAsync("""SELECT "ProcessInstanceId" FROM engine_tasks""", r => r.GetString(0))).ToHashSet(StringComparer.Ordinal);
        var withSubscription = (await db.QueryAsync("""SELECT "ProcessInstanceId" FROM engine_message_subscriptions""", r => r.GetString(0))).ToHashSet(StringComparer.Ordinal);
        var withIncident = (await db.QueryAsync("""SELECT "ProcessInstanceId" FROM engine_incidents""", r => r.GetString(0))).ToHashSet(StringComparer.Ordinal);
        var withJob = jobs.Select(j => j.Instance).ToHashSet(StringComparer.Ordinal);
        foreach (var instance in instances.Where(i => i.State == "active"))
        {
            if (!withTask.Contains(instance.Id) && !withSubscription.Contains(instance.Id) && !withIncident.Contains(instance.Id) && !withJob.Contains(instance.Id))
            {
                stuck++;
                findings.Add($"stuck: instance {instance.Id} is active with no open task, timer, message or incident");
            }
        }

        var outbox = await db.QueryAsync("""SELECT "Id", "Status" FROM outbox_messages WHERE "Channel" = 'Email'""", r => (Id: r.GetInt64(0), Status: r.GetString(1)));
        var mails = smtp.CountByOutboxRow();
        var resent = 0;
        var unsent = 0;
        foreach (var row in outbox)
        {
            var count = mails.GetValueOrDefault(row.Id);
            if (row.Status == "Sent" && count == 0)
            {
                lost++;
                findings.Add($"lost: outbox row {row.Id} is Sent but never reached the SMTP server");
            }
            else if (row.Status == "Pending")
            {
                unsent++;
            }
            if (count > 1)
            {
                // At least once, with the row's Message-ID: one duplicate per crash is the documented price.
                var extra = count - 1;
                var allowed = Math.Min(extra, Math.Max(0, crashes - resent));
                resent += allowed;
                if (extra > allowed)
                {
                    doubled += extra - allowed;
                    findings.Add($"doubled: outbox row {row.Id} arrived {count} times");
                }
            }
        }
        return new BookResult(lost, doubled, stuck, resent, unsent, done.Count, mails.Values.Sum(), findings);
    }

    /// <summary>Settled: no due timer left and no outbox row pending.</summary>
    public static async Task<bool> IsSettledAsync(TrialDatabase db, DateTimeOffset now)
    {
        var dueJobs = await db.QueryAsync("""SELECT "DueAt" FROM engine_jobs WHERE "DueAt" IS NOT NULL""", r => r.GetDateTime(0));
        var pending = await db.QueryAsync("""SELECT COUNT(*) FROM outbox_messages WHERE "Status" = 'Pending'""", r => Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return !dueJobs.Any(d => DateTime.SpecifyKind(d, DateTimeKind.Utc) <= now.UtcDateTime) && pending[0] == 0;
    }
}
