using System.Globalization;
using System.Text;
using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Notifications;

/// <summary>Chinese wording shared by all notices: dates in China time, the suggestion's label, the footer.</summary>
public static class NoticeText
{
    public const string SmsSignature = "【人大代表建议办理】";

    public const string Footer = "此邮件由人大代表建议办理系统自动发送，请勿直接回复。";

    /// <summary>2026年3月9日.</summary>
    public static string Date(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    /// <summary>3月9日 (for SMS, where every character counts).</summary>
    public static string ShortDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Month}月{date.Day}日");

    /// <summary>2026年3月9日 23:59（北京时间） for a UTC instant.</summary>
    public static string DateAndTime(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc)), ChinaTime.Zone);
        return string.Create(CultureInfo.InvariantCulture, $"{Date(DateOnly.FromDateTime(local.DateTime))} {local:HH:mm}（北京时间）");
    }

    /// <summary>第12号建议「…」, or 「…」 when the number is unknown; the title shortened to <paramref name="maxTitle"/> characters.</summary>
    public static string SuggestionLabel(int? number, string? title, int maxTitle = 30)
    {
        var builder = new StringBuilder();
        if (number is { } n)
        {
            builder.Append(CultureInfo.InvariantCulture, $"第{n}号建议");
        }
        if (!string.IsNullOrWhiteSpace(title))
        {
            builder.Append('「').Append(Shorten(title.Trim(), maxTitle)).Append('」');
        }
        return builder.ToString();
    }

    /// <summary>第18届人大第5次会议.</summary>
    public static string SessionLabel(int term, int session) =>
        string.Create(CultureInfo.InvariantCulture, $"第{term}届人大第{session}次会议");

    public static string Shorten(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }

    public static string Link(string baseUrl, string path)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
    }

    /// <summary>The recipients' names as a salutation: 市交通运输局、张三代表：</summary>
    public static string Salutation(IEnumerable<string> names)
    {
        var distinct = names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? "您好：" : string.Join("、", distinct) + "：";
    }

    /// <summary>Joins body lines with CRLF, as mail wants, and appends the footer.</summary>
    public static string Body(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return string.Join("\r\n", lines.Append("").Append(Footer)) + "\r\n";
    }
}
