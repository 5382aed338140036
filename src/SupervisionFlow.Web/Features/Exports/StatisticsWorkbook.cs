using SupervisionFlow.Web.Domain.Statistics;

namespace SupervisionFlow.Web.Features.Exports;

/// <summary>
/// The dashboard's tables as worksheets, in the words of a yearly handling report (seed 002, Chengdu): counts and
/// shares by category, source (大会/闭会, 形成方式) and result class, satisfaction over returned ratings, the per-unit
/// table for the yearly assessment, the overdue list and the key suggestions.
/// </summary>
public static class StatisticsWorkbook
{
    /// <summary>Table keys the dashboard offers for export, with their sheet names.</summary>
    public static IReadOnlyDictionary<string, string> Tables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["category"] = "按类别",
        ["kind"] = "按建议类型",
        ["formedBy"] = "按形成方式",
        ["resultClass"] = "按办理结果",
        ["satisfaction"] = "满意度",
        ["units"] = "承办单位考核",
        ["overdue"] = "超期未答复",
        ["key"] = "重点督办建议",
    };

    public static bool IsTable(string? key) => key is not null && Tables.ContainsKey(key);

    public static XlsxSheet Sheet(StatisticsReport report, string table)
    {
        ArgumentNullException.ThrowIfNull(report);
        return table switch
        {
            "category" => Counts(Tables[table], "类别", report.ByCategory, report.Total),
            "kind" => Counts(Tables[table], "建议类型", report.ByKind, report.Total),
            "formedBy" => Counts(Tables[table], "形成方式", report.ByFormedBy, report.Total),
            "resultClass" => Counts(Tables[table], "办理结果", report.ByResultClass, report.ByResultClass.Sum(r => r.Count)),
            "satisfaction" => Satisfaction(report.Satisfaction),
            "units" => Units(report.ByUnit),
            "overdue" => Overdue(report.Overdue),
            "key" => Key(report.KeySuggestions),
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "unknown dashboard table"),
        };
    }

    /// <summary>Every table, one sheet each, preceded by the headline figures.</summary>
    public static IReadOnlyList<XlsxSheet> All(StatisticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summary = new XlsxSheet("总体情况", "项目", "数值")
            .Add("建议总数", report.Total)
            .Add("已答复", report.Replied)
            .Add("按时答复", report.RepliedOnTime)
            .Add("按时答复率", new Percent(report.OnTimeRate))
            .Add("满意率（不含未测评）", new Percent(report.Satisfaction.SatisfactionRate))
            .Add("超期未答复", report.Overdue.Count)
            .Add("重点督办建议", report.KeySuggestions.Count)
            .Add("承办单位数", report.UnitCount);
        return [summary, .. Tables.Keys.Select(key => Sheet(report, key))];
    }

    private static XlsxSheet Counts(string name, string label, IReadOnlyList<CountRow> rows, int total)
    {
        var sheet = new XlsxSheet(name, label, "件数", "占比");
        foreach (var row in rows)
        {
            sheet.Add(row.Label, row.Count, new Percent(total == 0 ? null : (double)row.Count / total));
        }
        return sheet.Add("合计", rows.Sum(r => r.Count), new Percent(total == 0 ? null : (double)rows.Sum(r => r.Count) / total));
    }

    private static XlsxSheet Satisfaction(SatisfactionSummary s)
    {
        double? Share(int n) => s.Evaluated == 0 ? null : (double)n / s.Evaluated;
        return new XlsxSheet("满意度", "测评结果", "件数", "占已测评")
            .Add("满意", s.Satisfied, new Percent(Share(s.Satisfied)))
            .Add("基本满意", s.BasicallySatisfied, new Percent(Share(s.BasicallySatisfied)))
            .Add("不满意", s.Unsatisfied, new Percent(Share(s.Unsatisfied)))
            .Add("已测评合计", s.Evaluated, new Percent(s.SatisfactionRate is null ? null : 1))
            .Add("未测评（不计入满意率）", s.NotEvaluated, null)
            .Add("满意率（满意+基本满意）", null, new Percent(s.SatisfactionRate));
    }

    private static XlsxSheet Units(IReadOnlyList<UnitRow> rows)
    {
        var sheet = new XlsxSheet("承办单位考核",
            "承办单位", "主办/分办件数", "会办件数", "已答复", "按时答复", "按时答复率", "超期未答复", "满意", "基本满意", "不满意", "未测评", "满意率");
        foreach (var u in rows)
        {
            sheet.Add(u.UnitName, u.Lead, u.Co, u.Replied, u.RepliedOnTime, new Percent(u.OnTimeRate), u.Overdue,
                u.Satisfaction.Satisfied, u.Satisfaction.BasicallySatisfied, u.Satisfaction.Unsatisfied, u.Satisfaction.NotEvaluated,
                new Percent(u.Satisfaction.SatisfactionRate));
        }
        return sheet;
    }

    private static XlsxSheet Overdue(IReadOnlyList<OverdueRow> rows)
    {
        var sheet = new XlsxSheet("超期未答复", "编号", "标题", "承办单位", "答复期限", "超期天数");
        foreach (var o in rows)
        {
            sheet.Add(o.Number, o.Title, string.Join("、", o.Units), o.DueOn, o.DaysOverdue);
        }
        return sheet;
    }

    private static XlsxSheet Key(IReadOnlyList<KeySuggestionRow> rows)
    {
        var sheet = new XlsxSheet("重点督办建议", "编号", "标题", "状态", "督办领导", "对口专委会", "承办单位", "答复期限", "已答复", "办理结果", "测评结果");
        foreach (var k in rows)
        {
            sheet.Add(k.Number, k.Title, k.State, k.Leader, k.Committee, string.Join("、", k.Units), k.DueOn, k.Replied, k.ResultClass, k.LatestRating);
        }
        return sheet;
    }
}
