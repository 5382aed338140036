using System.Globalization;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Import;

/// <summary>
/// Section <c>Suggestions</c>: the categories (类别) and ways of forming (形成方式) a jurisdiction offers. Each list
/// differs by place (domain.md §1), so they are configuration; empty lists fall back to the common defaults.
/// </summary>
public sealed class SuggestionChoices
{
    public const string Section = "Suggestions";

    public static readonly IReadOnlyList<string> DefaultCategories =
        ["教科文卫体", "交通邮电", "农林水利", "工业经济", "城乡建设与管理", "财政经济", "政法", "社会保障", "其他"];

    public static readonly IReadOnlyList<string> DefaultFormedBy = ["专题调研", "集中视察", "代表小组活动", "座谈走访", "其他"];

    // Arrays, not lists with defaults: the configuration binder appends to a list that already holds items.
#pragma warning disable CA1819 // bound from configuration as JSON arrays
    public string[] Categories { get; set; } = [];

    public string[] FormedBy { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>届次 the deputies' portal offers by default (else that of the latest suggestion).</summary>
    public int? CurrentTerm { get; set; }

    /// <summary>会次 the deputies' portal offers by default (else that of the latest suggestion).</summary>
    public int? CurrentSession { get; set; }

    public IReadOnlyList<string> CategoryList => Categories.Length > 0 ? Categories : DefaultCategories;

    public IReadOnlyList<string> FormedByList => FormedBy.Length > 0 ? FormedBy : DefaultFormedBy;

    public static string KindLabel(SuggestionKind kind) => kind == SuggestionKind.Session ? "大会建议" : "闭会建议";

    /// <summary>大会建议 / 闭会建议, or the API's <c>session</c> / <c>betweenSession</c>.</summary>
    public static SuggestionKind? ParseKind(string? text) => Normalize(text) switch
    {
        "大会建议" or "大会" or "session" => SuggestionKind.Session,
        "闭会建议" or "闭会" or "闭会期间建议" or "betweensession" => SuggestionKind.BetweenSession,
        _ => null,
    };

    /// <summary>全文公开 / 仅公开标题 / 不公开, or the API's <c>full</c> / <c>titleOnly</c> / <c>none</c>.</summary>
    public static DisclosureConsent? ParseDisclosure(string? text) => Normalize(text) switch
    {
        "全文公开" or "公开" or "full" => DisclosureConsent.Full,
        "仅公开标题" or "公开标题" or "titleonly" => DisclosureConsent.TitleOnly,
        "不公开" or "none" => DisclosureConsent.None,
        _ => null,
    };

    /// <summary>是 / 否 (an empty cell is 否); also true/false, 1/0.</summary>
    public static bool? ParseYesNo(string? text) => Normalize(text) switch
    {
        "" or "否" or "false" or "0" or "n" or "no" => false,
        "是" or "true" or "1" or "y" or "yes" or "√" => true,
        _ => null,
    };

    /// <summary>
    /// A 届次 or 会次: <c>18</c>, <c>第18届</c>, <c>第十八届</c>, <c>五次</c>, <c>第五次会议</c>. Null unless a positive number.
    /// </summary>
    public static int? ParseOrdinal(string? text)
    {
        var value = Normalize(text);
        foreach (var noise in new[] { "第", "届", "次会议", "次", "会议" })
        {
            value = value.Replace(noise, "", StringComparison.Ordinal);
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number > 0 ? number : null;
        }
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction == decimal.Truncate(fraction) && fraction > 0 && fraction < int.MaxValue)
        {
            return (int)fraction; // a numeric Excel cell may read back as "18.0"
        }
        return ChineseNumber(value);
    }

    /// <summary>一 … 九十九.</summary>
    private static int? ChineseNumber(string value)
    {
        const string digits = "零一二三四五六七八九";
        if (value.Length == 0 || value.Length > 3)
        {
            return null;
        }
        var ten = value.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            return value.Length == 1 && digits.IndexOf(value[0], StringComparison.Ordinal) is > 0 and var d ? d : null;
        }
        var tens = ten == 0 ? 1 : ten == 1 && digits.IndexOf(value[0], StringComparison.Ordinal) is > 0 and var t ? t : -1;
        var rest = value[(ten + 1)..];
        var ones = rest.Length == 0 ? 0 : rest.Length == 1 && digits.IndexOf(rest[0], StringComparison.Ordinal) is > 0 and var o ? o : -1;
        return tens < 0 || ones < 0 ? null : tens * 10 + ones;
    }

    private static string Normalize(string? text) => (text ?? "").Trim().ToLowerInvariant();
}
