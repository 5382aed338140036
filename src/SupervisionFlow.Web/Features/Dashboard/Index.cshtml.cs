using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Exports;

namespace SupervisionFlow.Web.Features.Dashboard;

/// <summary>
/// 督办统计: the headline figures, the charts (fed by <see cref="OnGetDataAsync"/>, drawn by wwwroot/js/dashboard.js),
/// the overdue list, the key suggestions and the per-unit table of the yearly assessment, each exportable to .xlsx;
/// and the session's 考核 ranking, top and bottom (issue #12: "Leaders see it on the dashboard").
/// </summary>
[Authorize(Policy = Policies.OfficeOrLeader)]
public sealed class IndexModel(SuggestionStatistics statistics, StatisticsCache cache, AppDbContext db, UnitAssessment assessment, IAuthorizationService authorization) : PageModel
{
    /// <summary>How many units the 考核 panel shows at each end of the ranking; /Assessment has them all.</summary>
    public const int RankingEnds = 5;

    [BindProperty(SupportsGet = true)]
    public int? Term { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Session { get; set; }

    [BindProperty(SupportsGet = true)]
    public SuggestionKind? Kind { get; set; }

    public StatisticsReport Report { get; private set; } = null!;

    /// <summary>The (届, 次) pairs that have suggestions, newest first, for the filter.</summary>
    public IReadOnlyList<(int Term, int Session)> Sessions { get; private set; } = [];

    public StatisticsFilter Filter => new(Term, Session, Kind);

    /// <summary>The session the 考核 panel ranks: the filtered one, else the newest; null when the panel is not shown.</summary>
    public (int Term, int Session)? RankedSession { get; private set; }

    public IReadOnlyList<UnitScore> Ranking { get; private set; } = [];

    /// <summary>The query string of the current filter, for the data and export links.</summary>
    public Dictionary<string, string> FilterRoute => new()
    {
        ["term"] = Term?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["session"] = Session?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["kind"] = Kind?.ToString() ?? "",
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sessions = await db.Set<Suggestion>().AsNoTracking()
            .Select(s => new { s.Term, s.Session }).Distinct()
            .OrderByDescending(s => s.Term).ThenByDescending(s => s.Session)
            .Select(s => ValueTuple.Create(s.Term, s.Session))
            .ToListAsync(cancellationToken);
        Report = await BuildReportAsync(cancellationToken);
        await LoadRankingAsync(cancellationToken);
    }

    // The page and its chart data ask for the same report within moments: built once, see StatisticsCache.
    private Task<StatisticsReport> BuildReportAsync(CancellationToken cancellationToken) =>
        cache.GetOrBuildAsync(Filter, token => statistics.BuildAsync(Filter, token), cancellationToken);

    private async Task LoadRankingAsync(CancellationToken cancellationToken)
    {
        // The same rule as /Assessment's own page, checked here too: the panel must not outlive a wider dashboard policy.
        if (Sessions.Count == 0 || !(await authorization.AuthorizeAsync(User, Policies.OfficeOrLeader)).Succeeded)
        {
            return;
        }
        RankedSession = Term is { } term && Session is { } session ? (term, session) : Sessions[0];
        Ranking = await assessment.RankAsync(RankedSession.Value.Term, RankedSession.Value.Session, cancellationToken);
    }

    /// <summary>GET /Dashboard?handler=Data: the figures and chart series as JSON (camelCase).</summary>
    public async Task<IActionResult> OnGetDataAsync(CancellationToken cancellationToken) =>
        new JsonResult(DashboardData.From(await BuildReportAsync(cancellationToken), Filter));

    /// <summary>GET /Dashboard?handler=Export&amp;table=units: one table, or <c>all</c> of them, as .xlsx.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? table, CancellationToken cancellationToken)
    {
        if (table != "all" && !StatisticsWorkbook.IsTable(table))
        {
            return NotFound();
        }
        var report = await BuildReportAsync(cancellationToken);
        var scope = ScopeLabel(Filter);
        return table == "all"
            ? XlsxFile.Result($"代表建议办理统计{scope}.xlsx", StatisticsWorkbook.All(report))
            : XlsxFile.Result($"代表建议办理统计{scope}-{StatisticsWorkbook.Tables[table!]}.xlsx", StatisticsWorkbook.Sheet(report, table!));
    }

    /// <summary>"-第18届第5次-大会建议" for the file names; empty for everything.</summary>
    public static string ScopeLabel(StatisticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parts = new List<string>();
        if (filter.Term is { } term)
        {
            parts.Add(filter.Session is { } session ? $"第{term}届第{session}次" : $"第{term}届");
        }
        else if (filter.Session is { } session)
        {
            parts.Add($"第{session}次");
        }
        if (filter.Kind is { } kind)
        {
            parts.Add(KindLabel(kind));
        }
        return parts.Count == 0 ? "" : "-" + string.Join("-", parts);
    }

    public static string KindLabel(SuggestionKind kind) => kind == SuggestionKind.Session ? "大会建议" : "闭会建议";

    public static string Rate(double? rate) => rate is { } r ? r.ToString("P1", CultureInfo.GetCultureInfo("zh-CN")) : "—";
}

/// <summary>What dashboard.js draws: the same numbers as <see cref="StatisticsReport"/>, shaped for ECharts.</summary>
public sealed record DashboardData(
    DashboardFilter Filter,
    DashboardHeadline Headline,
    IReadOnlyList<CountRow> ByCategory,
    IReadOnlyList<CountRow> ByKind,
    IReadOnlyList<CountRow> ByFormedBy,
    IReadOnlyList<CountRow> ByResultClass,
    IReadOnlyList<CountRow> ByState,
    DashboardSatisfaction Satisfaction,
    IReadOnlyList<DashboardUnit> ByUnit)
{
    public static DashboardData From(StatisticsReport report, StatisticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(filter);
        var s = report.Satisfaction;
        return new DashboardData(
            new DashboardFilter(filter.Term, filter.Session, filter.Kind?.ToString()),
            new DashboardHeadline(
                report.Total, report.Replied, report.RepliedOnTime, report.OnTimeRate, s.SatisfactionRate, s.FullySatisfiedRate,
                s.Evaluated, s.NotEvaluated, report.UnitCount, report.Overdue.Count, report.KeySuggestions.Count),
            report.ByCategory, report.ByKind, report.ByFormedBy, report.ByResultClass, report.ByState,
            new DashboardSatisfaction(s.Satisfied, s.BasicallySatisfied, s.Unsatisfied, s.NotEvaluated),
            [.. report.ByUnit.Select(u => new DashboardUnit(
                u.UnitId, u.UnitName, u.Lead, u.Co, u.Replied, u.RepliedOnTime, u.OnTimeRate, u.Overdue, u.Satisfaction.SatisfactionRate))]);
    }
}

public sealed record DashboardFilter(int? Term, int? Session, string? Kind);

/// <param name="SatisfactionRate">(满意 + 基本满意) / returned ratings; not-evaluated ones are excluded.</param>
public sealed record DashboardHeadline(
    int Total, int Replied, int RepliedOnTime, double? OnTimeRate, double? SatisfactionRate, double? FullySatisfiedRate,
    int Evaluated, int NotEvaluated, int Units, int Overdue, int Key);

public sealed record DashboardSatisfaction(int Satisfied, int BasicallySatisfied, int Unsatisfied, int NotEvaluated);

public sealed record DashboardUnit(
    string UnitId, string UnitName, int Lead, int Co, int Replied, int RepliedOnTime, double? OnTimeRate, int Overdue, double? SatisfactionRate);
