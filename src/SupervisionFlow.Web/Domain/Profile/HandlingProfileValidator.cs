using System.Globalization;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Assessment;

namespace SupervisionFlow.Web.Domain.Profile;

/// <summary>
/// Refuses a jurisdiction profile that would compute wrong deadlines or misfile replies. Every message names the
/// setting key (e.g. <c>Handling:Deadlines:Reply</c>) in Chinese and English, since the person fixing it edits
/// <c>appsettings.json</c> by hand.
/// </summary>
public sealed class HandlingProfileValidator : IValidateOptions<HandlingProfile>
{
    private const string Root = HandlingProfile.Section;

    public ValidateOptionsResult Validate(string? name, HandlingProfile options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();

        if (string.IsNullOrWhiteSpace(options.CalendarPath))
        {
            problems.Add(Problem($"{Root}:CalendarPath", "必须填写工作日历目录", "must name the working-calendar directory (default workflows/calendars)"));
        }

        CheckDeadlines(options.Deadlines, problems);
        CheckResultClasses(options.ResultClasses, problems);
        AssessmentSchemeValidator.Check(options.Assessment, $"{Root}:Assessment", problems);

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckDeadlines(HandlingDeadlines? deadlines, List<string> problems)
    {
        if (deadlines is null)
        {
            problems.Add(Problem($"{Root}:Deadlines", "不能为空", "must not be null"));
            return;
        }
        var wellFormed = true;
        foreach (var (key, period) in deadlines.All())
        {
            var path = $"{Root}:Deadlines:{key}";
            if (period is null || !period.IsWellFormed)
            {
                problems.Add(Problem(path, "须且只须设置 Months、Days、WorkingDays 之一",
                    "set exactly one of Months, Days or WorkingDays, e.g. { \"Months\": 3 } or { \"WorkingDays\": 7 }"));
                wellFormed = false;
            }
            else if (period.Amount <= 0)
            {
                problems.Add(Problem(path, $"期限必须大于零（现为 {period.Amount}）", $"must be a positive amount (is {period.Amount})"));
                wellFormed = false;
            }
        }
        // 代表法 Art. 51: the extension lengthens the three months; a shorter "extension" is a typo.
        if (wellFormed && deadlines.ReplyExtended.IsCertainlyShorterThan(deadlines.Reply))
        {
            problems.Add(Problem($"{Root}:Deadlines:ReplyExtended",
                $"延期答复期限（{deadlines.ReplyExtended}）不能短于答复期限 {Root}:Deadlines:Reply（{deadlines.Reply}）",
                $"the extended reply limit ({Describe(deadlines.ReplyExtended)}) must not be shorter than {Root}:Deadlines:Reply ({Describe(deadlines.Reply)})"));
        }
    }

    private static void CheckResultClasses(IReadOnlyList<ResultClass>? classes, List<string> problems)
    {
        var path = $"{Root}:ResultClasses";
        if (classes is null || classes.Count == 0)
        {
            problems.Add(Problem(path, "至少需要一个答复类别", "needs at least one result class, e.g. { \"Code\": \"A\", \"Label\": \"已解决或基本解决\" }"));
            return;
        }
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
        {
            var item = classes[i];
            var code = item?.Code?.Trim() ?? "";
            if (code.Length == 0)
            {
                problems.Add(Problem($"{path}:{i}:Code", "答复类别代码不能为空", "a result class needs a code: one capital letter A–Z"));
            }
            else if (code.Length != 1 || code[0] is < 'A' or > 'Z')
            {
                problems.Add(Problem($"{path}:{i}:Code", $"答复类别代码须为单个大写字母 A–Z（现为 '{code}'）",
                    $"a result class code must be a single capital letter A–Z (is '{code}')"));
            }
            else if (!firstIndex.TryAdd(code, i))
            {
                problems.Add(Problem($"{path}:{i}:Code", $"答复类别代码 '{code}' 重复（已在 {path}:{firstIndex[code]} 中使用）",
                    $"duplicate result class code '{code}' (already used at {path}:{firstIndex[code]})"));
            }
            if (string.IsNullOrWhiteSpace(item?.Label))
            {
                problems.Add(Problem($"{path}:{i}:Label", "答复类别须有名称", "a result class needs a label, e.g. 已解决或基本解决"));
            }
        }
    }

    private static string Describe(Period period) => period.Unit switch
    {
        PeriodUnit.CalendarMonths => string.Create(CultureInfo.InvariantCulture, $"{period.Amount} months"),
        PeriodUnit.CalendarDays => string.Create(CultureInfo.InvariantCulture, $"{period.Amount} days"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{period.Amount} working days"),
    };

    private static string Problem(string key, string chinese, string english) => $"{key}：{chinese} / {key}: {english}";
}
