using System.Globalization;
using DocumentFormat.OpenXml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>The office's letters: a 交办函 per unit per 交办会 and a 一人一函 per deputy on how their suggestions were assigned.</summary>
public sealed class OfficeLetters(AppDbContext db, TemplateStore templates, IOptions<DocumentOptions> options, TimeProvider clock)
{
    /// <summary>The 交办函 to <paramref name="unitId"/> for the suggestions assigned to it at meeting <paramref name="meetingId"/>; null when none.</summary>
    public async Task<byte[]?> AssignmentLetterAsync(int meetingId, string unitId, CancellationToken cancellationToken)
    {
        var meeting = await db.Set<AssignmentMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        var unit = await db.Set<HandlingUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken);
        if (meeting is null || unit is null)
        {
            return null;
        }
        var assignments = await db.Set<Assignment>().AsNoTracking().Where(a => a.MeetingId == meetingId).OrderBy(a => a.SuggestionId).ToListAsync(cancellationToken);
        var mine = assignments.Select(a => (Assignment: a, Role: RoleOf(a, unitId))).Where(x => x.Role is not null).ToList();
        if (mine.Count == 0)
        {
            return null;
        }
        var ids = mine.Select(x => x.Assignment.SuggestionId).ToList();
        var suggestions = await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var deputyIds = suggestions.Values.Select(s => s.LeadDeputyId).Distinct().ToList();
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => deputyIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var rows = mine.Select((x, i) =>
        {
            var s = suggestions[x.Assignment.SuggestionId];
            return (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), $"第{s.Number}号", s.Title, deputies.GetValueOrDefault(s.LeadDeputyId, ""), x.Role!, ReplyLetters.ChineseDate(x.Assignment.ReplyDueOn)];
        }).ToList();
        var values = new Dictionary<string, string>
        {
            ["发文机关"] = options.Value.IssuingOffice,
            ["单位名称"] = unit.Name,
            ["交办会名称"] = meeting.Name,
            ["交办日期"] = ReplyLetters.ChineseDate(meeting.HeldOn),
            ["件数"] = mine.Count.ToString(CultureInfo.InvariantCulture),
            ["答复期限"] = ReplyLetters.ChineseDate(mine.Max(x => x.Assignment.ReplyDueOn)),
            ["日期"] = ReplyLetters.ChineseDate(ChinaTime.Today(clock)),
        };
        var blocks = new Dictionary<string, Func<IEnumerable<OpenXmlElement>>>
        {
            ["建议列表"] = () => [DocxBuilder.Table(["序号", "编号", "建议标题", "领衔代表", "办理方式", "答复期限"], rows)],
        };
        return await templates.RenderAsync(db, DocumentTemplates.AssignmentLetter, values, blocks, cancellationToken);
    }

    /// <summary>The 一人一函 to a deputy: each suggestion they lead that has been assigned, with its units and deadline; null when none.</summary>
    public async Task<byte[]?> DeputyLetterAsync(int deputyId, CancellationToken cancellationToken)
    {
        var deputy = await db.Set<Deputy>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == deputyId, cancellationToken);
        if (deputy is null)
        {
            return null;
        }
        var suggestions = await db.Set<Suggestion>().AsNoTracking().Where(s => s.LeadDeputyId == deputyId && s.AssignedAt != null).OrderBy(s => s.Number).ToListAsync(cancellationToken);
        if (suggestions.Count == 0)
        {
            return null;
        }
        var ids = suggestions.Select(s => s.Id).ToList();
        var assignments = (await db.Set<Assignment>().AsNoTracking().Where(a => ids.Contains(a.SuggestionId)).ToListAsync(cancellationToken))
            .GroupBy(a => a.SuggestionId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Id).Last());
        var units = await db.Set<HandlingUnit>().AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        string Names(string? csv) => string.Join("、", (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(id => units.GetValueOrDefault(id, id)));
        var rows = suggestions.Where(s => assignments.ContainsKey(s.Id)).Select((s, i) =>
        {
            var a = assignments[s.Id];
            return (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), $"第{s.Number}号", s.Title, units.GetValueOrDefault(a.LeadUnitId, a.LeadUnitId), Names(a.OtherUnitIds), ReplyLetters.ChineseDate(s.ReplyDueOn ?? a.ReplyDueOn)];
        }).ToList();
        var values = new Dictionary<string, string>
        {
            ["发文机关"] = options.Value.IssuingOffice,
            ["代表姓名"] = deputy.Name,
            ["代表团"] = deputy.Delegation,
            ["件数"] = rows.Count.ToString(CultureInfo.InvariantCulture),
            ["日期"] = ReplyLetters.ChineseDate(ChinaTime.Today(clock)),
        };
        var blocks = new Dictionary<string, Func<IEnumerable<OpenXmlElement>>>
        {
            ["建议列表"] = () => [DocxBuilder.Table(["序号", "编号", "建议标题", "主办单位", "会办/分办单位", "答复期限"], rows)],
        };
        return await templates.RenderAsync(db, DocumentTemplates.DeputyLetter, values, blocks, cancellationToken);
    }

    private static string? RoleOf(Assignment assignment, string unitId)
    {
        if (assignment.LeadUnitId == unitId)
        {
            return assignment.Mode == HandlingMode.Separate ? "分办" : "主办";
        }
        var others = (assignment.OtherUnitIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return others.Contains(unitId) ? (assignment.Mode == HandlingMode.Separate ? "分办" : "会办") : null;
    }
}
