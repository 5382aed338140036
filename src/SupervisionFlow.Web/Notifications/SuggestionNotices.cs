using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// The notices deputies get as their suggestion moves (issue 3): assigned (which units, the reply deadline),
/// replied to (office copied), evaluation due. Each writes into the caller's DbContext (the command's), so a
/// notice exists exactly when the step that caused it committed; none saves. Dedup keys make a repeated call
/// (a retried service task) write nothing new.
/// </summary>
/// <remarks>
/// Keys: <c>assigned:{id}:{deputyId}</c>, <c>reply:{id}:{round}:{deputyId}</c>, <c>reply:{id}:{round}:office</c>,
/// <c>evaluation:{id}:{round}:{deputyId}</c>, <c>merged:{id}:{deputyId}</c>; each deputy's SMS adds <c>:sms</c>. A deputy without an e-mail address
/// (and without SMS) gets a Failed row saying so, which the office can see and act on.
/// </remarks>
public sealed class SuggestionNotices(RecipientDirectory directory, IOptions<NotificationsOptions> options)
{
    /// <summary>交办: to the lead deputy and every co-signer: the units and the reply deadline.</summary>
    public Task AssignedAsync(DbContext db, int suggestionId, DateTime nowUtc, CancellationToken cancellationToken = default) =>
        AssignedAsync(db, suggestionId, nowUtc, () => [], cancellationToken);

    /// <summary>
    /// The same, when <paramref name="db"/> writes the 交办 notices of many suggestions in a row (a batch of service
    /// tasks after a 交办会 chunk): <paramref name="alongWith"/> names them, and what their notices read is read for all
    /// of them at once, on the first notice (<see cref="AssignedNoticeReads"/>).
    /// </summary>
    public async Task AssignedAsync(DbContext db, int suggestionId, DateTime nowUtc, Func<IReadOnlyCollection<int>> alongWith, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(alongWith);
        var reads = await AssignedNoticeReads.TakeAsync(db, suggestionId, alongWith, AssignedKey, cancellationToken).ConfigureAwait(false);
        var suggestion = reads.Suggestion;
        var units = reads.Units;
        var assignedOn = NoticeText.Date(Domain.Calendar.ChinaTime.DateOf(suggestion.AssignedAt ?? nowUtc));
        var label = NoticeText.SuggestionLabel(suggestion.Number, suggestion.Title);
        foreach (var (deputy, isLead) in reads.Deputies)
        {
            var role = isLead ? "领衔" : "附议";
            var lines = new List<string>
            {
                $"{deputy.Name}代表：",
                "",
                $"您{role}提出的{label}（{NoticeText.SessionLabel(suggestion.Term, suggestion.Session)}）已于 {assignedOn} 交办。",
                "",
                $"建议编号：{suggestion.DisplayNumber}",
                $"标题：{suggestion.Title}",
            };
            lines.AddRange(UnitLines(suggestion, units));
            if (suggestion.ReplyDueOn is { } due)
            {
                lines.Add($"答复期限：{NoticeText.Date(due)}（承办单位应在此日期前书面答复您）");
            }
            lines.Add("承办单位将在办理前、办理中和办理后与您联系沟通（三访），如有意见建议请及时反映。");
            lines.Add($"查看建议：{SuggestionLink(suggestion.Id)}");
            var unitCount = units.Count;
            var firstUnit = units.FirstOrDefault().Name ?? "承办单位";
            var more = unitCount > 1 ? string.Create(CultureInfo.InvariantCulture, $"等{unitCount}个单位") : "";
            var deadline = suggestion.ReplyDueOn is { } d ? $"，答复期限{NoticeText.Date(d)}。" : "。";
            var sms = $"{NoticeText.SmsSignature}{deputy.Name}代表，您{role}的{suggestion.DisplayNumber}建议已交由{firstUnit}{more}办理{deadline}";
            await EnqueueForDeputyAsync(db, deputy, AssignedKey(suggestion.Id, deputy.Id), suggestion.Id,
                $"【建议交办】您{role}的{label}已交办", NoticeText.Body(lines), sms, nowUtc, cancellationToken, reads).ConfigureAwait(false);
        }
    }

    /// <summary>答复送达: to the lead deputy and every co-signer, with a copy to the office (代表法 Art. 51; seed rules: 抄送).</summary>
    public async Task ReplyDeliveredAsync(DbContext db, int suggestionId, int round, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var suggestion = await LoadAsync(db, suggestionId, cancellationToken).ConfigureAwait(false);
        var units = await UnitsAsync(db, suggestion, cancellationToken).ConfigureAwait(false);
        var replies = await db.Set<Reply>().AsNoTracking()
            .Where(r => r.SuggestionId == suggestionId && r.Round == round)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var label = NoticeText.SuggestionLabel(suggestion.Number, suggestion.Title);
        var roundText = round > 1 ? string.Create(CultureInfo.InvariantCulture, $"（第{round}轮办理）") : "";
        var replyLines = new List<string>();
        foreach (var reply in replies)
        {
            var unitName = units.FirstOrDefault(u => u.Id == reply.UnitId).Name ?? reply.UnitId;
            replyLines.Add($"答复单位：{unitName}");
            replyLines.Add($"答复类别：{ResultClassText(reply.ResultClass)}");
            if (reply.SignedBy is not null)
            {
                replyLines.Add($"签发人：{reply.SignedBy}");
            }
            replyLines.Add($"答复摘要：{NoticeText.Shorten(reply.Text.Trim(), 300)}");
            replyLines.Add("");
        }
        foreach (var (deputy, isLead) in await DeputiesAsync(db, suggestion, null, cancellationToken).ConfigureAwait(false))
        {
            var role = isLead ? "领衔" : "附议";
            var lines = new List<string>
            {
                $"{deputy.Name}代表：",
                "",
                $"您{role}提出的{label}{roundText}已收到承办单位的书面答复。",
                "",
                $"建议编号：{suggestion.DisplayNumber}",
                $"标题：{suggestion.Title}",
                "",
            };
            lines.AddRange(replyLines);
            lines.Add("请查阅答复全文；随后您将收到办理情况测评通知，请对办理态度和办理结果作出评价。");
            lines.Add($"查看答复：{SuggestionLink(suggestion.Id)}");
            var sms = $"{NoticeText.SmsSignature}{deputy.Name}代表，您{role}的{suggestion.DisplayNumber}建议已收到承办单位书面答复，请登录系统查阅。";
            await EnqueueForDeputyAsync(db, deputy, Key($"reply:{suggestion.Id}:{round}:{deputy.Id}"), suggestion.Id,
                $"【答复送达】您{role}的{label}已答复{roundText}", NoticeText.Body(lines), sms, nowUtc, cancellationToken).ConfigureAwait(false);
        }
        var office = directory.Office;
        var officeLines = new List<string>
        {
            $"{office.Name}：",
            "",
            $"{label}{roundText}已答复代表，抄送备案。",
            "",
            $"建议编号：{suggestion.DisplayNumber}（{NoticeText.SessionLabel(suggestion.Term, suggestion.Session)}）",
            $"标题：{suggestion.Title}",
            "",
        };
        officeLines.AddRange(replyLines);
        officeLines.Add($"查看建议：{SuggestionLink(suggestion.Id)}");
        await Outbox.EnqueueAsync(db, new OutboxMessage
        {
            CreatedAt = nowUtc,
            DedupKey = Key($"reply:{suggestion.Id}:{round}:office"),
            SuggestionId = suggestion.Id,
            To = office.Email!,
            ToName = office.Name,
            Subject = $"【答复抄送】{label}已答复{roundText}",
            Body = NoticeText.Body(officeLines),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// 测评: to each evaluating deputy, with the window's last day. <paramref name="deputyIds"/> names the
    /// evaluators (the lead deputy and, where the profile says so, the co-signers); null means the lead deputy only.
    /// </summary>
    public async Task EvaluationDueAsync(
        DbContext db, int suggestionId, int round, DateOnly dueOn, DateTime nowUtc,
        IReadOnlyCollection<int>? deputyIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var suggestion = await LoadAsync(db, suggestionId, cancellationToken).ConfigureAwait(false);
        var label = NoticeText.SuggestionLabel(suggestion.Number, suggestion.Title);
        var roundText = round > 1 ? string.Create(CultureInfo.InvariantCulture, $"（第{round}轮办理）") : "";
        var evaluators = deputyIds ?? [suggestion.LeadDeputyId];
        foreach (var (deputy, isLead) in await DeputiesAsync(db, suggestion, evaluators, cancellationToken).ConfigureAwait(false))
        {
            var role = isLead ? "领衔" : "附议";
            var lines = new List<string>
            {
                $"{deputy.Name}代表：",
                "",
                $"您{role}提出的{label}{roundText}已由承办单位答复，请对办理情况进行测评。",
                "",
                $"建议编号：{suggestion.DisplayNumber}",
                $"标题：{suggestion.Title}",
                $"测评截止：{NoticeText.Date(dueOn)}",
                "请分别对办理态度和办理结果作出“满意”“基本满意”或“不满意”的评价。测评意见直接报送人大常委会，不经承办单位。",
                "逾期未测评的，不计入满意率统计。",
                $"进行测评：{SuggestionLink(suggestion.Id)}",
            };
            var sms = $"{NoticeText.SmsSignature}{deputy.Name}代表，请于{NoticeText.Date(dueOn)}前对您{role}的{suggestion.DisplayNumber}建议办理情况进行测评。";
            await EnqueueForDeputyAsync(db, deputy, Key($"evaluation:{suggestion.Id}:{round}:{deputy.Id}"), suggestion.Id,
                $"【测评通知】请于 {NoticeText.Date(dueOn)} 前测评{label}的办理情况", NoticeText.Body(lines), sms, nowUtc, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>并案: to the lead deputy and every co-signer of the merged suggestion: which one it is handled with, and why.</summary>
    public async Task MergedAsync(DbContext db, int suggestionId, int mainId, string reason, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var suggestion = await LoadAsync(db, suggestionId, cancellationToken).ConfigureAwait(false);
        var main = await LoadAsync(db, mainId, cancellationToken).ConfigureAwait(false);
        var label = NoticeText.SuggestionLabel(suggestion.Number, suggestion.Title);
        var mainLabel = NoticeText.SuggestionLabel(main.Number, main.Title);
        foreach (var (deputy, isLead) in await DeputiesAsync(db, suggestion, null, cancellationToken).ConfigureAwait(false))
        {
            var role = isLead ? "领衔" : "附议";
            var lines = new List<string>
            {
                $"{deputy.Name}代表：",
                "",
                $"您{role}提出的{label}（{NoticeText.SessionLabel(suggestion.Term, suggestion.Session)}）与{mainLabel}内容相近，已并案办理。",
                "",
                $"建议编号：{suggestion.DisplayNumber}",
                $"并入：{main.DisplayNumber} {main.Title}",
                $"并案理由：{reason}",
                "本件不再单独交办和答复，承办单位对主件的办理和答复同时回应您的建议。",
                $"查看建议：{SuggestionLink(suggestion.Id)}",
            };
            var sms = $"{NoticeText.SmsSignature}{deputy.Name}代表，您{role}的{suggestion.DisplayNumber}建议已并入{main.DisplayNumber}建议办理。";
            await EnqueueForDeputyAsync(db, deputy, Key($"merged:{suggestion.Id}:{deputy.Id}"), suggestion.Id,
                $"【并案办理】您{role}的{label}已并案办理", NoticeText.Body(lines), sms, nowUtc, cancellationToken).ConfigureAwait(false);
        }
    }

    private string SuggestionLink(int id) =>
        NoticeText.Link(options.Value.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"suggestions/{id}"));

    private static string AssignedKey(int suggestionId, int deputyId) => Key($"assigned:{suggestionId}:{deputyId}");

    /// <summary>
    /// Queues the deputy's e-mail (or a Failed row saying why none can go) and SMS. <paramref name="reads"/>, when
    /// given, already knows which of the keys are stored: no query per notice, only the context's own added rows are looked at.
    /// </summary>
    private async Task EnqueueForDeputyAsync(
        DbContext db, Deputy deputy, string key, int suggestionId, string subject, string body, string sms, DateTime nowUtc,
        CancellationToken cancellationToken, AssignedNoticeReads.Inputs? reads = null)
    {
        Task<bool> EnqueueAsync(OutboxMessage message) =>
            reads is not null && reads.CheckedKeys.Contains(message.DedupKey)
                ? Task.FromResult(Outbox.Enqueue(db, message, storedAlready: reads.StoredKeys.Contains(message.DedupKey)))
                : Outbox.EnqueueAsync(db, message, cancellationToken);

        var recipient = RecipientDirectory.ForDeputy(deputy);
        var smsOn = options.Value.Sms.Enabled && !string.IsNullOrWhiteSpace(recipient.Phone);
        var email = new OutboxMessage
        {
            CreatedAt = nowUtc,
            DedupKey = key,
            SuggestionId = suggestionId,
            ToName = recipient.Name,
            Subject = subject,
            Body = body,
        };
        if (!string.IsNullOrWhiteSpace(recipient.Email))
        {
            email.To = recipient.Email.Trim();
            await EnqueueAsync(email).ConfigureAwait(false);
        }
        else if (!smsOn)
        {
            email.Status = OutboxStatus.Failed;
            email.LastError = $"{recipient.Name}没有登记电子邮箱或手机号码（或短信未启用），通知无法送达 / deputy {deputy.Id} has no e-mail address";
            await EnqueueAsync(email).ConfigureAwait(false);
        }
        if (smsOn)
        {
            await EnqueueAsync(new OutboxMessage
            {
                CreatedAt = nowUtc,
                Channel = OutboxChannel.Sms,
                DedupKey = key + ":sms",
                SuggestionId = suggestionId,
                To = recipient.Phone!.Trim(),
                ToName = recipient.Name,
                Subject = subject,
                Body = sms,
            }).ConfigureAwait(false);
        }
    }

    private static async Task<Suggestion> LoadAsync(DbContext db, int suggestionId, CancellationToken cancellationToken) =>
        await db.Set<Suggestion>().AsNoTracking()
            .Include(s => s.Units)
            .Include(s => s.CoSigners)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == suggestionId, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Suggestion {suggestionId} does not exist; no notice written."));

    private static async Task<List<(string Id, string Name)>> UnitsAsync(DbContext db, Suggestion suggestion, CancellationToken cancellationToken)
    {
        var active = suggestion.Units.Where(u => u.IsActive).OrderBy(u => u.Role).ThenBy(u => u.Id).ToList();
        var ids = active.Select(u => u.UnitId).ToList();
        var names = await db.Set<HandlingUnit>().AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken).ConfigureAwait(false);
        return [.. active.Select(u => (u.UnitId, names.GetValueOrDefault(u.UnitId, u.UnitId)))];
    }

    private static IEnumerable<string> UnitLines(Suggestion suggestion, List<(string Id, string Name)> units)
    {
        string Names(UnitRole role) => string.Join("、",
            suggestion.Units.Where(u => u.IsActive && u.Role == role).Select(u => units.FirstOrDefault(x => x.Id == u.UnitId).Name ?? u.UnitId));
        var lead = Names(UnitRole.Lead);
        var co = Names(UnitRole.Co);
        var separate = Names(UnitRole.Separate);
        if (lead.Length > 0)
        {
            yield return $"主办单位：{lead}";
        }
        if (co.Length > 0)
        {
            yield return $"会办单位：{co}";
        }
        if (separate.Length > 0)
        {
            yield return $"分办单位：{separate}（各单位分别答复）";
        }
    }

    /// <summary>The lead deputy first, then co-signers; <paramref name="only"/> restricts to those ids.</summary>
    private static async Task<List<(Deputy Deputy, bool IsLead)>> DeputiesAsync(
        DbContext db, Suggestion suggestion, IReadOnlyCollection<int>? only, CancellationToken cancellationToken)
    {
        var ids = new List<int> { suggestion.LeadDeputyId };
        ids.AddRange(suggestion.CoSigners.OrderBy(c => c.Id).Select(c => c.DeputyId).Where(id => id != suggestion.LeadDeputyId));
        if (only is not null)
        {
            ids = [.. ids.Where(only.Contains), .. only.Where(id => !ids.Contains(id))];
        }
        ids = [.. ids.Distinct()];
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => ids.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, cancellationToken).ConfigureAwait(false);
        return [.. ids.Where(deputies.ContainsKey).Select(id => (deputies[id], id == suggestion.LeadDeputyId))];
    }

    // The common national classes; a profile with other labels still shows the class letter.
    private static string ResultClassText(string resultClass) => resultClass switch
    {
        "A" => "A类（已解决或基本解决）",
        "B" => "B类（正在解决或列入计划逐步解决）",
        "C" => "C类（因条件限制暂时难以解决）",
        "D" => "D类（留作参考）",
        _ => resultClass,
    };

    private static string Key(FormattableString key) => FormattableString.Invariant(key);
}
