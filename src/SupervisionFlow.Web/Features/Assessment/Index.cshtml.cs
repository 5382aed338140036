using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Exports;

namespace SupervisionFlow.Web.Features.Assessment;

/// <summary>
/// <c>/Assessment</c> (office, leaders): the units' 考核 ranking of one session with every criterion's figure and
/// points; a figure opens the suggestions behind it. Exported as .xlsx and .docx; the session's annual report too.
/// </summary>
[Authorize(Policy = Policies.OfficeOrLeader)]
public sealed class IndexModel(AppDbContext db, UnitAssessment assessment, AnnualReports reports) : PageModel
{
    public IReadOnlyList<(int Term, int Session)> Sessions { get; private set; } = [];

    public int Term { get; private set; }

    public int Session { get; private set; }

    public IReadOnlyList<UnitScore> Ranking { get; private set; } = [];

    public UnitScore? DetailUnit { get; private set; }

    public CriterionResult? Detail { get; private set; }

    public IReadOnlyList<Suggestion> DetailSuggestions { get; private set; } = [];

    public string Query => $"term={Term.ToString(CultureInfo.InvariantCulture)}&session={Session.ToString(CultureInfo.InvariantCulture)}";

    public async Task<IActionResult> OnGetAsync(int? term, int? session, string? unit, CriterionMeasure? measure, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(term, session, cancellationToken))
        {
            return Page();
        }
        DetailUnit = Ranking.FirstOrDefault(u => u.UnitId == unit);
        Detail = DetailUnit?.Criteria.FirstOrDefault(c => c.Criterion.Measure == measure);
        if (Detail is not null)
        {
            var ids = Detail.Items.ToList();
            DetailSuggestions = await db.Set<Suggestion>().AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Number).ToListAsync(cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(int? term, int? session, CancellationToken cancellationToken)
    {
        await LoadAsync(term, session, cancellationToken);
        var labels = Ranking.FirstOrDefault()?.Criteria.Select(c => c.Criterion.Label).ToList() ?? [];
        var sheet = new XlsxSheet("考核", ["名次", "承办单位", .. labels.SelectMany(l => new[] { l, l + "得分" }), "总分"]);
        foreach (var u in Ranking)
        {
            var cells = new List<object?> { u.Rank, u.UnitName };
            foreach (var c in u.Criteria)
            {
                cells.Add(AssessmentScheme.IsRate(c.Criterion.Measure) ? new Percent(c.Figure) : c.Figure);
                cells.Add(c.Points);
            }
            cells.Add(u.Total);
            sheet.Add([.. cells]);
        }
        return XlsxFile.Result($"承办单位考核-第{Term}届第{Session}次会议.xlsx", sheet);
    }

    public async Task<IActionResult> OnGetDocxAsync(int? term, int? session, CancellationToken cancellationToken)
    {
        await LoadAsync(term, session, cancellationToken);
        var bytes = DocxBuilder.Create(body =>
        {
            body.Append(DocxBuilder.Title($"第{ChineseNumerals.Of(Term)}届人大第{ChineseNumerals.Of(Session)}次会议代表建议承办单位考核结果"));
            body.Append(DocxBuilder.Empty());
            body.Append(AnnualReports.AssessmentTable(Ranking));
        });
        return File(bytes, ReplyLetters.DocxType, $"承办单位考核-第{Term}届第{Session}次会议.docx");
    }

    public async Task<IActionResult> OnGetReportAsync(int? term, int? session, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(term, session, cancellationToken))
        {
            return NotFound();
        }
        var bytes = await reports.BuildAsync(Term, Session, cancellationToken);
        return File(bytes, ReplyLetters.DocxType, $"代表建议办理工作报告-第{Term}届第{Session}次会议.docx");
    }

    private async Task<bool> LoadAsync(int? term, int? session, CancellationToken cancellationToken)
    {
        var sessions = await db.Set<Suggestion>().AsNoTracking().Select(s => new { s.Term, s.Session }).Distinct().ToListAsync(cancellationToken);
        Sessions = [.. sessions.Select(s => (s.Term, s.Session)).OrderByDescending(s => s.Term).ThenByDescending(s => s.Session)];
        if (Sessions.Count == 0)
        {
            return false;
        }
        (Term, Session) = term is { } t && session is { } n ? (t, n) : Sessions[0];
        Ranking = await assessment.RankAsync(Term, Session, cancellationToken);
        return true;
    }
}
