using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>
/// The 答复函 of a reply: a draft (marked, numberless) while the reply awaits sign-off, and at sign-off the final
/// letter with its 文号, stored with the reply (<see cref="ReplyDocument"/>) in the sign-off's transaction.
/// </summary>
public sealed class ReplyLetters(TemplateStore templates, IOptions<DocumentOptions> options, IOptions<HandlingProfile> profile)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The draft of a not yet signed reply (or a preview of a signed one without a stored letter).</summary>
    public async Task<byte[]> DraftAsync(DbContext db, Suggestion suggestion, Reply reply, DateOnly today, CancellationToken cancellationToken)
    {
        var values = await FieldsAsync(db, suggestion, reply, "（签发后自动编号）", today, draft: true, cancellationToken);
        return await templates.RenderAsync(db, DocumentTemplates.ReplyLetter, values, null, cancellationToken);
    }

    /// <summary>
    /// At sign-off: allocates the unit's next 文号 of the year in the command's transaction, renders the final letter
    /// and adds it to <paramref name="db"/> — it commits with the signature or not at all.
    /// </summary>
    public async Task<ReplyDocument> IssueFinalAsync(DbContext db, Suggestion suggestion, Reply reply, string issuedBy, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reply);
        var today = ChinaTime.DateOf(new DateTimeOffset(nowUtc, TimeSpan.Zero));
        var serial = await DocumentNumbers.NextAsync(db, reply.UnitId, today.Year, cancellationToken);
        var unitName = await UnitNameAsync(db, reply.UnitId, cancellationToken);
        var number = options.Value.FormatNumber(unitName, today.Year, serial);
        var values = await FieldsAsync(db, suggestion, reply, number, today, draft: false, cancellationToken);
        var content = await templates.RenderAsync(db, DocumentTemplates.ReplyLetter, values, null, cancellationToken);
        var document = new ReplyDocument
        {
            SuggestionId = suggestion.Id, ReplyId = reply.Id, UnitId = reply.UnitId, Kind = ReplyDocumentKind.Final,
            DocumentNumber = number, Year = today.Year, Serial = serial,
            FileName = $"答复函-{number}.docx", ContentType = DocxType, Size = content.Length,
            Sha256 = TemplateStore.Sha256Of(content), Content = content, CreatedBy = issuedBy, CreatedAt = nowUtc,
        };
        db.Add(document);
        return document;
    }

    public async Task<Dictionary<string, string>> FieldsAsync(DbContext db, Suggestion suggestion, Reply reply, string number, DateOnly date, bool draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(reply);
        var deputyIds = new List<int> { suggestion.LeadDeputyId };
        deputyIds.AddRange(await db.Set<SuggestionCoSigner>().Where(c => c.SuggestionId == suggestion.Id).Select(c => c.DeputyId).ToListAsync(cancellationToken));
        var names = await db.Set<Deputy>().Where(d => deputyIds.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        var deputies = string.Join("、", deputyIds.Distinct().Select(id => names.FirstOrDefault(n => n.Id == id)?.Name).OfType<string>());
        var unit = await db.Set<HandlingUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == reply.UnitId, cancellationToken);
        var plan = await db.Set<HandlingPlan>().AsNoTracking().Where(p => p.SuggestionId == suggestion.Id && p.UnitId == reply.UnitId)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        var resultClass = profile.Value.FindResultClass(reply.ResultClass);
        return new Dictionary<string, string>
        {
            ["单位名称"] = unit?.Name ?? reply.UnitId,
            ["文号"] = number,
            ["代表姓名"] = deputies,
            ["建议编号"] = SuggestionNumber(suggestion),
            ["建议标题"] = suggestion.Title,
            ["答复类别"] = reply.ResultClass,
            ["答复类别说明"] = resultClass?.Label ?? "",
            ["答复正文"] = reply.Text,
            ["联系人"] = plan?.HandlerName ?? unit?.ContactName ?? "",
            ["联系电话"] = plan?.HandlerPhone ?? unit?.Phone ?? "",
            ["签发人"] = reply.SignedBy ?? "（待签发）",
            ["日期"] = ChineseDate(date),
            ["抄送"] = reply.Copies ?? "人大常委会选举任免联络工作委员会",
            ["草稿标记"] = draft ? "草稿（未签发，不作为正式答复）" : "",
        };
    }

    /// <summary>第十八届人大第五次会议第12号 / 闭会期间第3号.</summary>
    public static string SuggestionNumber(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var when = suggestion.Kind == SuggestionKind.Session
            ? $"第{ChineseNumerals.Of(suggestion.Term)}届人大第{ChineseNumerals.Of(suggestion.Session)}次会议"
            : $"第{ChineseNumerals.Of(suggestion.Term)}届人大第{ChineseNumerals.Of(suggestion.Session)}次会议闭会期间";
        return $"{when}第{suggestion.Number.ToString(CultureInfo.InvariantCulture)}号建议";
    }

    public static string ChineseDate(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static async Task<string> UnitNameAsync(DbContext db, string unitId, CancellationToken cancellationToken) =>
        await db.Set<HandlingUnit>().Where(u => u.Id == unitId).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken) ?? unitId;
}

/// <summary>十八, 五: the numerals of 届次 and 会次.</summary>
public static class ChineseNumerals
{
    private const string Digits = "零一二三四五六七八九";

    public static string Of(int n) => n switch
    {
        < 0 => n.ToString(CultureInfo.InvariantCulture),
        < 10 => Digits[n].ToString(),
        < 20 => "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString()),
        < 100 => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString()),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
