using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Domain.Profile;

/// <summary>
/// The jurisdiction profile (section <c>Handling</c> of <c>appsettings.json</c>): every time limit, result class
/// and reminder rule that differs between places. The defaults are the common ones of <c>shared/domain.md</c>, so a
/// missing section gives a working profile; <see cref="HandlingProfileValidator"/> refuses a broken one at start-up.
/// </summary>
public sealed class HandlingProfile
{
    public const string Section = "Handling";

    /// <summary>The per-year holiday files, relative to the content root (the repository root when run from source).</summary>
    public string CalendarPath { get; set; } = "workflows/calendars";

    public HandlingDeadlines Deadlines { get; set; } = new();

    /// <summary>The result classes a reply is marked with (答复类别); A/B/C by default, some places add D 留作参考.</summary>
    public IReadOnlyList<ResultClass> ResultClasses { get; set; } =
    [
        new("A", "已解决或基本解决", needsFollowUp: false),
        // B items are tracked until solved (跟踪督办, "回头看"): yearly progress reports.
        new("B", "正在解决或列入计划逐步解决", needsFollowUp: true),
        new("C", "因条件限制暂时难以解决", needsFollowUp: false),
    ];

    /// <summary>The yearly 考核 of handling units (<c>Handling:Assessment</c>); Shenzhen's rules by default.</summary>
    public Assessment.AssessmentScheme Assessment { get; set; } = new();

    /// <summary>Whether every co-signing deputy (附议代表) rates the reply, or only the lead deputy.</summary>
    public bool EvaluateByCoSigners { get; set; }

    /// <summary>The names <see cref="Compute"/> and the <c>deadline(name, from)</c> expression function accept.</summary>
    public static IReadOnlyList<string> DeadlineNames => HandlingDeadlines.Names;

    /// <summary>The configured period called <paramref name="name"/> (case-insensitive, e.g. <c>reply</c>).</summary>
    public Period GetPeriod(string name) => Deadlines.Get(name);

    /// <summary>The last day of the deadline <paramref name="name"/> counted from <paramref name="from"/> (民法典 Arts. 200–203).</summary>
    public DateOnly Compute(string name, DateOnly from, WorkingCalendar calendar) => GetPeriod(name).AddTo(from, calendar);

    public ResultClass? FindResultClass(string code) =>
        ResultClasses.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Time limits, each counted from the event named in its summary. Keys under <c>Handling:Deadlines</c>; the
/// expression function <c>deadline(name, from)</c> takes the camelCase name (<c>reply</c>, <c>replyExtended</c> …).
/// </summary>
public sealed class HandlingDeadlines
{
    /// <summary>Reply from assignment: 代表法 Art. 51, three months.</summary>
    public Period Reply { get; set; } = Period.OfMonths(3);

    /// <summary>Longest reply time with the office's consent for complex suggestions (代表法 Art. 51: six months).</summary>
    public Period ReplyExtended { get; set; } = Period.OfMonths(6);

    /// <summary>A unit that is not responsible asks for re-assignment from assignment (Shanghai 7 wd; Henan, Chongqing 10; Qingdao 5).</summary>
    public Period ReassignmentWindow { get; set; } = Period.OfWorkingDays(7);

    /// <summary>Co-handling units send their opinion to the lead unit (Shanghai, Shandong, Qingdao: one month).</summary>
    public Period CoUnitOpinion { get; set; } = Period.OfMonths(1);

    /// <summary>The unit's first contact with the deputy after assignment (Chongqing: 20 working days).</summary>
    public Period FirstContact { get; set; } = Period.OfWorkingDays(20);

    /// <summary>The deputy rates the reply from its delivery (Beijing 15 wd, Chongqing 20 wd).</summary>
    public Period EvaluationWindow { get; set; } = Period.OfWorkingDays(15);

    /// <summary>Re-handling after 不满意 until the new reply (Shanghai, Shandong, Zhejiang, Henan: one month).</summary>
    public Period Rehandling { get; set; } = Period.OfMonths(1);

    /// <summary>A between-session suggestion (闭会建议) is assigned from receipt (5–10 working days).</summary>
    public Period BetweenSessionAssignment { get; set; } = Period.OfWorkingDays(10);

    /// <summary>Interval of progress reports on B-class items until solved (yearly by default).</summary>
    public Period ProgressReportInterval { get; set; } = Period.OfMonths(12);

    internal static readonly IReadOnlyList<string> Names =
    [
        "reply", "replyExtended", "reassignmentWindow", "coUnitOpinion", "firstContact", "evaluationWindow",
        "rehandling", "betweenSessionAssignment", "progressReportInterval",
    ];

    /// <summary>Every period with its configuration key, in declaration order.</summary>
    public IEnumerable<(string Key, Period Period)> All()
    {
        yield return (nameof(Reply), Reply);
        yield return (nameof(ReplyExtended), ReplyExtended);
        yield return (nameof(ReassignmentWindow), ReassignmentWindow);
        yield return (nameof(CoUnitOpinion), CoUnitOpinion);
        yield return (nameof(FirstContact), FirstContact);
        yield return (nameof(EvaluationWindow), EvaluationWindow);
        yield return (nameof(Rehandling), Rehandling);
        yield return (nameof(BetweenSessionAssignment), BetweenSessionAssignment);
        yield return (nameof(ProgressReportInterval), ProgressReportInterval);
    }

    internal Period Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (var (key, period) in All())
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return period;
            }
        }
        throw new ArgumentException(
            $"未知的期限名称 / unknown deadline '{name}'; known: {string.Join(", ", Names)}", nameof(name));
    }
}

/// <summary>A reply's result class (答复类别), e.g. B 正在解决或列入计划逐步解决.</summary>
public sealed record ResultClass
{
    /// <summary>For configuration binding.</summary>
    public ResultClass()
    {
    }

    public ResultClass(string code, string label, bool needsFollowUp)
    {
        Code = code;
        Label = label;
        NeedsFollowUp = needsFollowUp;
    }

    /// <summary>One capital letter, A–Z, printed on the reply's first page.</summary>
    public string Code { get; init; } = "";

    public string Label { get; init; } = "";

    /// <summary>True when the item is followed up until solved (B-class progress reports).</summary>
    public bool NeedsFollowUp { get; init; }
}
