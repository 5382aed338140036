using System.Globalization;
using DocumentFormat.OpenXml;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Statistics;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>
/// The 年度办理工作报告 of a session, with the figures and tables of Chengdu's report (seed 002): totals by kind, the
/// number of units, completion, categories with shares, suggestions formed from research, result classes, satisfaction —
/// plus the unit 考核 table. Every figure comes from <see cref="SuggestionStatistics"/> and <see cref="UnitAssessment"/>.
/// </summary>
public sealed class AnnualReports(AppDbContext db, SuggestionStatistics statistics, UnitAssessment assessment, TemplateStore templates, IOptions<DocumentOptions> options, TimeProvider clock)
{
    /// <summary>Formed through 专题调研, 集中视察, 代表小组活动, 座谈走访 — Chengdu's "在调查研究基础上形成".</summary>
    private static readonly string[] _researchSources = ["专题调研", "集中视察", "代表小组活动", "座谈走访"];

    public async Task<byte[]> BuildAsync(int term, int session, CancellationToken cancellationToken)
    {
        var report = await statistics.BuildAsync(new StatisticsFilter(term, session), cancellationToken);
        var ranking = await assessment.RankAsync(term, session, cancellationToken);
        var total = report.Total;
        int Kind(string key) => report.ByKind.FirstOrDefault(r => r.Key == key)?.Count ?? 0;
        int Class(string code) => report.ByResultClass.FirstOrDefault(r => r.Key == code)?.Count ?? 0;
        var classified = report.ByResultClass.Sum(r => r.Count);
        var research = report.ByFormedBy.Where(r => _researchSources.Contains(r.Key)).Sum(r => r.Count);
        var done = report.ByState.Where(r => r.Key is "Closed" or "Replied" or "FollowUp").Sum(r => r.Count);
        var s = report.Satisfaction;
        var today = ChinaTime.Today(clock);
        var values = new Dictionary<string, string>
        {
            ["发文机关"] = options.Value.IssuingOffice,
            ["年度"] = today.Year.ToString(CultureInfo.InvariantCulture),
            ["届次会次"] = $"第{ChineseNumerals.Of(term)}届人大第{ChineseNumerals.Of(session)}次会议",
            ["建议总数"] = N(total),
            ["大会建议数"] = N(Kind("Session")),
            ["闭会建议数"] = N(Kind("BetweenSession")),
            ["承办单位数"] = N(report.UnitCount),
            ["办结数"] = N(done),
            ["办结率"] = Share(done, total),
            ["A类数"] = N(Class("A")), ["A类占比"] = Share(Class("A"), classified),
            ["B类数"] = N(Class("B")), ["B类占比"] = Share(Class("B"), classified),
            ["C类数"] = N(Class("C")), ["C类占比"] = Share(Class("C"), classified),
            ["满意数"] = N(s.Satisfied), ["满意率"] = Share(s.Satisfied, s.Evaluated),
            ["基本满意数"] = N(s.BasicallySatisfied), ["基本满意率"] = Share(s.BasicallySatisfied, s.Evaluated),
            ["不满意数"] = N(s.Unsatisfied),
            ["调研形成数"] = N(research), ["调研形成占比"] = Share(research, total),
            ["日期"] = ReplyLetters.ChineseDate(today),
        };
        var blocks = new Dictionary<string, Func<IEnumerable<OpenXmlElement>>>
        {
            ["类别统计表"] = () => [DocxBuilder.Table(["类别", "件数", "占比"], report.ByCategory.Select(r => (IReadOnlyList<string>)[r.Label, N(r.Count), Share(r.Count, total)]))],
            ["答复类别统计表"] = () => [DocxBuilder.Table(["答复类别", "件数", "占比"], report.ByResultClass.Select(r => (IReadOnlyList<string>)[r.Label, N(r.Count), Share(r.Count, classified)]))],
            ["满意度统计表"] = () => [DocxBuilder.Table(["测评结果", "件数", "占比"], [
                ["满意", N(s.Satisfied), Share(s.Satisfied, s.Evaluated)],
                ["基本满意", N(s.BasicallySatisfied), Share(s.BasicallySatisfied, s.Evaluated)],
                ["不满意", N(s.Unsatisfied), Share(s.Unsatisfied, s.Evaluated)],
                ["未反馈（不计入）", N(s.NotEvaluated), ""]])],
            ["单位考核表"] = () => [AssessmentTable(ranking)],
        };
        return await templates.RenderAsync(db, DocumentTemplates.AnnualReport, values, blocks, cancellationToken);
    }

    public static DocumentFormat.OpenXml.Wordprocessing.Table AssessmentTable(IReadOnlyList<UnitScore> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var criteria = ranking.FirstOrDefault()?.Criteria.Select(c => c.Criterion.Label).ToList() ?? [];
        return DocxBuilder.Table(
            ["名次", "承办单位", .. criteria, "总分"],
            ranking.Select(u => (IReadOnlyList<string>)[N(u.Rank), u.UnitName, .. u.Criteria.Select(c => $"{c.FigureText}（{c.Points:0.##}分）"), u.Total.ToString("0.##", CultureInfo.InvariantCulture)]));
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>91.3%, 96.85%: two decimals at most, as the report prints them.</summary>
    private static string Share(int part, int whole) =>
        whole == 0 ? "—" : ((double)part / whole * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
