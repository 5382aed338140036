using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>One line of a 交办会's assignment list.</summary>
public sealed record AssignmentOrder(
    int SuggestionId, string LeadUnitId, IReadOnlyList<string> OtherUnitIds, HandlingMode Mode = HandlingMode.LeadWithCo,
    bool IsKey = false, string? KeyLeaderId = null, string? KeyCommitteeId = null);

/// <summary>Where a meeting's confirmed list stands: <see cref="Done"/> of <see cref="Total"/> lines assigned.</summary>
public sealed record MeetingProgress(int Total, int Done)
{
    public bool Finished => Done >= Total;
}

/// <summary>
/// 专会交办: creates the meeting and assigns many suggestions at once. Every line is checked before any work, and all
/// refused lines are named in one <see cref="AssignmentRefusedException"/>. A confirmed list is stored on the meeting
/// row (its plan) and assigned in chunks of <see cref="AssignmentMeetingOptions.ChunkSize"/>: each chunk is one
/// command of the engine's runner (one transaction, all or nothing) that also advances the meeting's progress, so a
/// crash or a closed browser resumes at the first line not yet assigned and no line is assigned twice.
/// </summary>
public sealed class AssignmentMeetingService(
    AppDbContext db, TaskFormService forms, ProcessEngine engine, TimeProvider clock, IOptions<AssignmentMeetingOptions> options,
    ILogger<AssignmentMeetingService> logger)
{
    private const string AssignActivity = "assign";

    public async Task<AssignmentMeeting> CreateMeetingAsync(string name, DateOnly heldOn, string? location, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireOffice(actor);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new HandlingValidationException("请填写交办会名称", new Dictionary<string, string> { ["name"] = "请填写交办会名称" });
        }
        // No engine work, but the same runner: the meeting and its audit entry commit together.
        return await engine.RunAsync(db, actor.UserName, (_, _) =>
        {
            var meeting = new AssignmentMeeting { Name = name.Trim(), HeldOn = heldOn, Location = location, CreatedBy = actor.UserName };
            db.Add(meeting);
            AuditTrail.Add(db, actor.UserName, "meeting.created", null, meeting.Name, clock.GetUtcNow().UtcDateTime);
            return Task.FromResult(meeting);
        }, cancellationToken);
    }

    /// <summary>Confirms the list and assigns it chunk by chunk until done; returns how many lines were assigned.</summary>
    public async Task<int> AssignAsync(int meetingId, IReadOnlyList<AssignmentOrder> orders, Actor actor, CancellationToken cancellationToken = default)
    {
        await ConfirmAsync(meetingId, orders, actor, cancellationToken);
        var progress = await ResumeAsync(meetingId, actor, cancellationToken);
        return progress.Done;
    }

    /// <summary>Assigns the remaining chunks of the meeting's confirmed list (after a crash, or to finish it).</summary>
    public async Task<MeetingProgress> ResumeAsync(int meetingId, Actor actor, CancellationToken cancellationToken = default)
    {
        MeetingProgress progress;
        do
        {
            progress = await AssignNextChunkAsync(meetingId, actor, cancellationToken);
        }
        while (!progress.Finished);
        return progress;
    }

    /// <summary>
    /// Checks every line (nothing is written when one is refused: all refusals are named at once) and stores the
    /// list as the meeting's plan. Refused while an earlier list of the meeting is still being assigned.
    /// </summary>
    public async Task<MeetingProgress> ConfirmAsync(int meetingId, IReadOnlyList<AssignmentOrder> orders, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        RequireOffice(actor);
        await RequireMeetingAsync(meetingId, cancellationToken);
        if (orders.Count == 0)
        {
            throw new HandlingValidationException("请至少选择一件建议。");
        }
        var refusals = await CheckAsync(orders, cancellationToken);
        if (refusals.Count > 0)
        {
            throw new AssignmentRefusedException(refusals);
        }
        return await engine.RunAsync(db, actor.UserName, async (_, token) =>
        {
            var meeting = await db.Set<AssignmentMeeting>().SingleAsync(m => m.Id == meetingId, token);
            if (meeting.PlanJson is not null)
            {
                throw new HandlingValidationException($"交办会“{meeting.Name}”还有 {meeting.PlanTotal - meeting.PlanDone} 件建议正在交办，请先继续完成。");
            }
            meeting.PlanJson = JsonSerializer.Serialize(orders);
            meeting.PlanTotal = orders.Count;
            meeting.PlanDone = 0;
            AuditTrail.Add(db, actor.UserName, "meeting.confirmed", null, $"{meeting.Name}：{orders.Count} 件", clock.GetUtcNow().UtcDateTime);
            return new MeetingProgress(meeting.PlanTotal, meeting.PlanDone);
        }, cancellationToken);
    }

    /// <summary>Where the meeting's current list stands (a finished or empty plan reads as done).</summary>
    public async Task<MeetingProgress> ProgressAsync(int meetingId, CancellationToken cancellationToken = default)
    {
        var meeting = await db.Set<AssignmentMeeting>().AsNoTracking().Where(m => m.Id == meetingId)
            .Select(m => new { m.PlanTotal, m.PlanDone }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new HandlingNotFoundException($"交办会 {meetingId} 不存在。");
        return new MeetingProgress(meeting.PlanTotal, meeting.PlanDone);
    }

    /// <summary>
    /// Assigns the next chunk of the meeting's plan in one command: lines already assigned at this meeting are skipped
    /// (a resumed chunk never assigns twice), the rest are checked again (someone may have assigned or withdrawn one
    /// since), and the progress moves in the same transaction. The plan is cleared when the last line is assigned.
    /// </summary>
    public async Task<MeetingProgress> AssignNextChunkAsync(int meetingId, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireOffice(actor);
        var plan = await db.Set<AssignmentMeeting>().AsNoTracking().Where(m => m.Id == meetingId)
            .Select(m => new { m.PlanJson, m.PlanTotal, m.PlanDone }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new HandlingNotFoundException($"交办会 {meetingId} 不存在。");
        if (plan.PlanJson is null)
        {
            return new MeetingProgress(plan.PlanTotal, plan.PlanTotal);
        }
        var orders = JsonSerializer.Deserialize<List<AssignmentOrder>>(plan.PlanJson) ?? [];
        // The whole plan (a national session's ~10,000 ids) as one JSON parameter: as ten thousand parameters,
        // Microsoft.Data.Sqlite would look each one up by name among all the others for every chunk.
        var planned = orders.Select(o => o.SuggestionId).ToList();
        var assigned = (await db.Set<Assignment>().AsNoTracking()
            .Where(a => a.MeetingId == meetingId && EF.Parameter(planned).Contains(a.SuggestionId)).Select(a => a.SuggestionId).ToListAsync(cancellationToken)).ToHashSet();
        var chunk = orders.Where(o => !assigned.Contains(o.SuggestionId)).Take(options.Value.ChunkSize).ToList();
        var refusals = await CheckAsync(chunk, cancellationToken);
        if (refusals.Count > 0)
        {
            // Report every stale line still ahead, not only this chunk's.
            throw new AssignmentRefusedException(await CheckAsync([.. orders.Where(o => !assigned.Contains(o.SuggestionId))], cancellationToken));
        }
        var tasks = await OpenAssignTasksAsync(chunk.Select(o => o.SuggestionId), cancellationToken);
        try
        {
            // The chunk's transaction is held here, so the engine's runner joins it: the commit is timed apart from the
            // assignment notices (service tasks), which run after it, one transaction each, as the runner would run them.
            MeetingProgress progress;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                progress = await engine.RunAsync(db, actor.UserName, async (unit, token) =>
            {
                // Every query of the chunk would first scan every row the chunk has tracked so far (thousands of history
                // rows by its end): quadratic. Queries never see unsaved changes anyway, so detection runs once, at the save.
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                try
                {
                    // What every line needs, read for the whole chunk inside its transaction: the lookups the 交办 form
                    // checks, the open tasks with their instances, the suggestions with units and co-signers (tracked:
                    // the form changes them). A few queries per chunk instead of about a dozen per line.
                    await AssignmentLookups.BeginAsync(db, meetingId, token);
                    var views = await unit.LoadOpenTasksAsync([.. chunk.Select(o => tasks[o.SuggestionId])], token);
                    var ids = chunk.Select(o => o.SuggestionId).ToList();
                    var suggestions = await db.Set<Suggestion>().Include(s => s.Units).Include(s => s.CoSigners).AsSplitQuery()
                        .Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, token);
                    foreach (var order in chunk)
                    {
                        try
                        {
                            var taskId = tasks[order.SuggestionId];
                            if (views.TryGetValue(taskId, out var view) && suggestions.TryGetValue(TaskFormService.SuggestionIdOf(view), out var suggestion))
                            {
                                await forms.SubmitAsync(unit, view, suggestion, actor, Values(meetingId, order), [], token);
                            }
                            else
                            {
                                // Finished by someone else since the check (or its suggestion is gone): the one-by-one
                                // path reads it again and refuses it with the engine's own code.
                                await forms.SubmitAsync(unit, taskId, actor, Values(meetingId, order), [], token);
                            }
                        }
                        catch (HandlingValidationException e)
                        {
                            throw new HandlingValidationException($"建议 {order.SuggestionId}：{e.Message}；本批交办未执行。", e.FieldErrors, order.SuggestionId);
                        }
                    }
                }
                finally
                {
                    AssignmentLookups.End(db);
                    db.ChangeTracker.AutoDetectChangesEnabled = true;
                    db.ChangeTracker.DetectChanges();
                }
                var meeting = await db.Set<AssignmentMeeting>().SingleAsync(m => m.Id == meetingId, token);
                meeting.PlanDone = assigned.Count + chunk.Count;
                if (meeting.PlanDone >= meeting.PlanTotal)
                {
                    meeting.PlanJson = null;
                }
                return new MeetingProgress(meeting.PlanTotal, meeting.PlanDone);
            }, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            var committed = watch.Elapsed;
            // The instances that got service-task jobs in the chunk (the handling instances its call activities started).
            var instances = db.ChangeTracker.Entries<JobRecord>().Where(e => e.Entity.Kind == JobKind.ServiceTask)
                .Select(e => e.Entity.ProcessInstanceId).Distinct(StringComparer.Ordinal).ToList();
            await engine.RunServiceTasksAsync(instances, cancellationToken);
            logger.LogInformation("交办会 {MeetingId}: chunk of {Count} committed in {Committed} ms, notices after it {Notices} ms",
                meetingId, chunk.Count, (long)committed.TotalMilliseconds, (long)(watch.Elapsed - committed).TotalMilliseconds);
            return progress;
        }
        finally
        {
            // The next chunk starts from the database: a context that tracks every earlier chunk's rows slows each save.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Drops lines from the meeting's plan (the refused ones), so the rest can be assigned.</summary>
    public async Task<MeetingProgress> DropAsync(int meetingId, IReadOnlyCollection<int> suggestionIds, Actor actor, CancellationToken cancellationToken = default)
    {
        RequireOffice(actor);
        await RequireMeetingAsync(meetingId, cancellationToken);
        return await engine.RunAsync(db, actor.UserName, async (_, token) =>
        {
            var meeting = await db.Set<AssignmentMeeting>().SingleAsync(m => m.Id == meetingId, token);
            if (meeting.PlanJson is null)
            {
                return new MeetingProgress(meeting.PlanTotal, meeting.PlanTotal);
            }
            var orders = JsonSerializer.Deserialize<List<AssignmentOrder>>(meeting.PlanJson) ?? [];
            var kept = orders.Where(o => !suggestionIds.Contains(o.SuggestionId)).ToList();
            meeting.PlanTotal = kept.Count;
            meeting.PlanJson = meeting.PlanDone >= kept.Count ? null : JsonSerializer.Serialize(kept);
            AuditTrail.Add(db, actor.UserName, "meeting.dropped", null, $"{meeting.Name}：去掉 {orders.Count - kept.Count} 件", clock.GetUtcNow().UtcDateTime);
            return new MeetingProgress(meeting.PlanTotal, Math.Min(meeting.PlanDone, meeting.PlanTotal));
        }, cancellationToken);
    }

    /// <summary>
    /// Every line the assignment would refuse, with its reason: a repeated line, a suggestion without an open 交办
    /// task, unknown or inactive units, a key suggestion without its leader and committee. Reads only; a few queries
    /// for the whole list, whatever its length (each list one JSON parameter, see <see cref="AssignNextChunkAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<AssignmentRefusal>> CheckAsync(IReadOnlyList<AssignmentOrder> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count == 0)
        {
            return [];
        }
        var ids = orders.Select(o => o.SuggestionId).Distinct().ToList();
        var open = await OpenAssignTasksAsync(ids, cancellationToken);
        var labels = await db.Set<Suggestion>().AsNoTracking().Where(s => EF.Parameter(ids).Contains(s.Id))
            .Select(s => new { s.Id, s.Number, s.Title }).ToDictionaryAsync(s => s.Id, cancellationToken);
        var units = (await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var leaders = (await db.Set<Leader>().AsNoTracking().Select(l => l.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var committees = (await db.Set<Committee>().AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        var refusals = new List<AssignmentRefusal>();
        var seen = new HashSet<int>();
        foreach (var order in orders)
        {
            var problems = new List<string>();
            if (!seen.Add(order.SuggestionId))
            {
                problems.Add("同一件建议列了两次");
            }
            if (!labels.ContainsKey(order.SuggestionId))
            {
                problems.Add("建议不存在");
            }
            else if (!open.ContainsKey(order.SuggestionId))
            {
                problems.Add("不在待交办状态（可能已被交办、退回或撤回）");
            }
            if (string.IsNullOrWhiteSpace(order.LeadUnitId) || !units.Contains(order.LeadUnitId))
            {
                problems.Add($"主办单位“{order.LeadUnitId}”不存在或已停用");
            }
            problems.AddRange(order.OtherUnitIds.Where(u => !units.Contains(u)).Select(u => $"承办单位“{u}”不存在或已停用"));
            if (order.IsKey && (order.KeyLeaderId is null || !leaders.Contains(order.KeyLeaderId)))
            {
                problems.Add("重点督办建议须选择督办领导");
            }
            if (order.IsKey && (order.KeyCommitteeId is null || !committees.Contains(order.KeyCommitteeId)))
            {
                problems.Add("重点督办建议须选择对口专委会");
            }
            if (problems.Count > 0)
            {
                var label = labels.GetValueOrDefault(order.SuggestionId);
                refusals.Add(new AssignmentRefusal(order.SuggestionId, label is null ? "" : $"第{label.Number}号", label?.Title ?? "", string.Join("；", problems)));
            }
        }
        return refusals;
    }

    /// <summary>Which of <paramref name="suggestionIds"/> (all when null) have an open 交办 task.</summary>
    public async Task<HashSet<int>> AwaitingAssignmentAsync(IReadOnlyCollection<int>? suggestionIds, CancellationToken cancellationToken = default)
    {
        var query = db.Set<UserTaskRecord>().AsNoTracking().Where(t => t.ActivityId == AssignActivity && t.BusinessKey != null);
        if (suggestionIds is not null)
        {
            var keys = suggestionIds.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
            query = query.Where(t => EF.Parameter(keys).Contains(t.BusinessKey!));
        }
        return [.. (await query.Select(t => t.BusinessKey!).ToListAsync(cancellationToken))
            .Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0)];
    }

    /// <summary>
    /// The open 交办 task of each suggestion, read from the task rows by business key (not through the engine's task
    /// list, which is paged): one query for the whole list.
    /// </summary>
    private async Task<Dictionary<int, string>> OpenAssignTasksAsync(IEnumerable<int> suggestionIds, CancellationToken cancellationToken)
    {
        var keys = suggestionIds.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        var rows = await db.Set<UserTaskRecord>().AsNoTracking()
            .Where(t => t.ActivityId == AssignActivity && t.BusinessKey != null && EF.Parameter(keys).Contains(t.BusinessKey))
            .Select(t => new { t.Id, t.BusinessKey }).ToListAsync(cancellationToken);
        var open = new Dictionary<int, string>();
        foreach (var row in rows.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            open.TryAdd(int.Parse(row.BusinessKey!, NumberStyles.Integer, CultureInfo.InvariantCulture), row.Id);
        }
        return open;
    }

    private static JsonObject Values(int meetingId, AssignmentOrder order) => new()
    {
        ["leadUnitId"] = order.LeadUnitId,
        ["otherUnitIds"] = new JsonArray([.. order.OtherUnitIds.Select(u => (JsonNode?)u)]),
        ["mode"] = order.Mode.ToString(),
        ["isKey"] = order.IsKey,
        ["keyLeaderId"] = order.KeyLeaderId,
        ["keyCommitteeId"] = order.KeyCommitteeId,
        ["meetingId"] = meetingId,
    };

    private async Task RequireMeetingAsync(int meetingId, CancellationToken cancellationToken)
    {
        if (!await db.Set<AssignmentMeeting>().AnyAsync(m => m.Id == meetingId, cancellationToken))
        {
            throw new HandlingNotFoundException($"交办会 {meetingId} 不存在。");
        }
    }

    private static void RequireOffice(Actor actor)
    {
        if (!actor.IsOffice)
        {
            throw new HandlingForbiddenException("只有联工委可以交办建议。");
        }
    }
}
