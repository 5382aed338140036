namespace SupervisionFlow.Web.Domain.Statistics;

/// <summary>Which suggestions a report covers; null means all.</summary>
public sealed record StatisticsFilter(int? Term = null, int? Session = null, Suggestions.SuggestionKind? Kind = null);

public sealed record CountRow(string Key, string Label, int Count);

/// <summary>满意 / 基本满意 / 不满意 counts of the latest round, and the rates over returned ratings only.</summary>
public sealed record SatisfactionSummary(int Satisfied, int BasicallySatisfied, int Unsatisfied, int NotEvaluated)
{
    public int Evaluated => Satisfied + BasicallySatisfied + Unsatisfied;

    /// <summary>(满意 + 基本满意) / returned ratings; unreturned ratings are excluded (e.g. Chongqing Art. 29).</summary>
    public double? SatisfactionRate => Evaluated == 0 ? null : (double)(Satisfied + BasicallySatisfied) / Evaluated;

    public double? FullySatisfiedRate => Evaluated == 0 ? null : (double)Satisfied / Evaluated;
}

public sealed record UnitRow(
    string UnitId, string UnitName, int Lead, int Co, int Replied, int RepliedOnTime, int Overdue, SatisfactionSummary Satisfaction)
{
    public double? OnTimeRate => Replied == 0 ? null : (double)RepliedOnTime / Replied;
}

public sealed record OverdueRow(int SuggestionId, string Number, string Title, IReadOnlyList<string> Units, DateOnly DueOn, int DaysOverdue);

public sealed record KeySuggestionRow(
    int SuggestionId, string Number, string Title, string State, string? Leader, string? Committee, IReadOnlyList<string> Units,
    DateOnly? DueOn, bool Replied, string? ResultClass, string? LatestRating);

/// <summary>What the yearly handling report (e.g. Chengdu's, seed 002) states, computed from the records.</summary>
public sealed record StatisticsReport(
    int Total,
    IReadOnlyList<CountRow> ByState,
    IReadOnlyList<CountRow> ByCategory,
    IReadOnlyList<CountRow> ByKind,
    IReadOnlyList<CountRow> ByFormedBy,
    IReadOnlyList<CountRow> ByResultClass,
    IReadOnlyList<UnitRow> ByUnit,
    SatisfactionSummary Satisfaction,
    int Replied,
    int RepliedOnTime,
    IReadOnlyList<OverdueRow> Overdue,
    IReadOnlyList<KeySuggestionRow> KeySuggestions,
    int UnitCount)
{
    public double? OnTimeRate => Replied == 0 ? null : (double)RepliedOnTime / Replied;
}
