using System.Globalization;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>Chinese words for the suggestion's fields.</summary>
public static class SuggestionText
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>第十八届第五次会议第12号 / 闭会期间第3号.</summary>
    public static string Number(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var number = suggestion.Number.ToString(CultureInfo.InvariantCulture);
        return suggestion.Kind == SuggestionKind.Session
            ? $"第{Chinese(suggestion.Term)}届第{Chinese(suggestion.Session)}次会议第{number}号"
            : $"第{Chinese(suggestion.Term)}届闭会期间第{number}号";
    }

    public static string Kind(SuggestionKind kind) => kind == SuggestionKind.Session ? "大会建议" : "闭会建议";

    public static string Mode(HandlingMode mode) => mode == HandlingMode.LeadWithCo ? "主办+会办" : "分办";

    public static string Role(UnitRole role) => role switch
    {
        UnitRole.Lead => "主办",
        UnitRole.Co => "会办",
        _ => "分办",
    };

    public static string Review(ReviewOutcome outcome) => outcome switch
    {
        ReviewOutcome.Accept => "受理",
        ReviewOutcome.Revise => "退回修改",
        ReviewOutcome.Convert => "转为来信处理",
        _ => "并案处理",
    };

    public static string Stage(ContactStage stage) => stage switch
    {
        ContactStage.Before => "办前",
        ContactStage.During => "办中",
        _ => "办后",
    };

    /// <summary>1–99 in Chinese numerals (届次/会次).</summary>
    public static string Chinese(int value)
    {
        if (value is < 1 or > 99)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        if (value < 10)
        {
            return Digits[value];
        }
        var tens = value / 10;
        var ones = value % 10;
        return (tens == 1 ? "" : Digits[tens]) + "十" + (ones == 0 ? "" : Digits[ones]);
    }
}
