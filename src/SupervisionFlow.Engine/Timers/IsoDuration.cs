using System.Globalization;
using System.Text.RegularExpressions;

namespace SupervisionFlow.Engine.Timers;

/// <summary>
/// An ISO 8601 duration (<c>P3M</c>, <c>P1Y2M10DT2H30M</c>, <c>P2W</c>, <c>PT5M</c>). Years and months are calendar
/// units: adding <c>P1M</c> to 31 January gives the month's last day (民法典 Art. 202's reading of month periods).
/// </summary>
public readonly partial record struct IsoDuration(int Years, int Months, int Days, int Hours, int Minutes, double Seconds)
{
    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<mi>\d+)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Hours == 0 && Minutes == 0 && Seconds == 0;

    public static bool TryParse(string? text, out IsoDuration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var trimmed = text.Trim();
        var match = Pattern().Match(trimmed);
        if (!match.Success || trimmed == "P" || trimmed.EndsWith('T'))
        {
            return false;
        }
        int Int(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = match.Groups["s"].Success
            ? double.Parse(match.Groups["s"].Value.Replace(',', '.'), CultureInfo.InvariantCulture)
            : 0;
        duration = new IsoDuration(Int("y"), Int("mo"), Int("d") + (7 * Int("w")), Int("h"), Int("mi"), seconds);
        return true;
    }

    public static IsoDuration Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not an ISO 8601 duration such as P3M or PT1H.");

    public DateTimeOffset AddTo(DateTimeOffset start) =>
        start.AddYears(Years).AddMonths(Months).AddDays(Days).AddHours(Hours).AddMinutes(Minutes).AddSeconds(Seconds);

    public override string ToString()
    {
        var date = $"{(Years > 0 ? $"{Years}Y" : "")}{(Months > 0 ? $"{Months}M" : "")}{(Days > 0 ? $"{Days}D" : "")}";
        var time = $"{(Hours > 0 ? $"{Hours}H" : "")}{(Minutes > 0 ? $"{Minutes}M" : "")}{(Seconds > 0 ? $"{Seconds.ToString(CultureInfo.InvariantCulture)}S" : "")}";
        return time.Length > 0 ? $"P{date}T{time}" : $"P{(date.Length > 0 ? date : "T0S")}";
    }
}
