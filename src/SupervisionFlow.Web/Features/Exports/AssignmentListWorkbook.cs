namespace SupervisionFlow.Web.Features.Exports;

/// <summary>One line of a 交办清单: what was assigned to whom at a 交办会, and by when the reply is due.</summary>
public sealed record AssignmentListRow(
    string Number, string Title, string Category, string LeadDeputy, string LeadUnit, IReadOnlyList<string> OtherUnits,
    bool Separate, bool IsKey, DateOnly ReplyDueOn);

/// <summary>The 交办清单 handed out at a 交办会: one row per suggestion, as the units receive it.</summary>
public static class AssignmentListWorkbook
{
    public static XlsxSheet Sheet(IEnumerable<AssignmentListRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sheet = new XlsxSheet("交办清单", "序号", "建议编号", "建议标题", "类别", "领衔代表", "主办单位", "会办/分办单位", "办理方式", "重点督办", "答复期限");
        var n = 1;
        foreach (var row in rows)
        {
            sheet.Add(n++, row.Number, row.Title, row.Category, row.LeadDeputy, row.LeadUnit, string.Join("、", row.OtherUnits),
                row.Separate ? "分办" : row.OtherUnits.Count > 0 ? "主办+会办" : "主办", row.IsKey, row.ReplyDueOn);
        }
        return sheet;
    }
}
