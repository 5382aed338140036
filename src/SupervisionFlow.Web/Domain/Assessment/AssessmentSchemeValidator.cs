namespace SupervisionFlow.Web.Domain.Assessment;

/// <summary>Refuses a 考核 scheme that could not rank units: no criteria, a negative weight, a rate beyond 0–1, a measure twice.</summary>
public static class AssessmentSchemeValidator
{
    public static void Check(AssessmentScheme? scheme, string key, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (scheme?.Criteria is not { Count: > 0 } criteria)
        {
            problems.Add($"{key}:Criteria：至少需要一项考核指标 / {key}:Criteria: needs at least one criterion");
            return;
        }
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            var at = $"{key}:Criteria:{i}";
            if (!Enum.IsDefined(c.Measure))
            {
                problems.Add($"{at}:Measure：未知的指标 / unknown measure");
            }
            if (c.Weight is < 0 or > 1000 || double.IsNaN(c.Weight))
            {
                problems.Add($"{at}:Weight：分值须在 0–1000 之间 / weight must be 0–1000");
            }
            if (AssessmentScheme.IsRate(c.Measure) && (c.Full is < 0 or > 1 || c.Zero is < 0 or > 1))
            {
                problems.Add($"{at}：比率指标的 Full 和 Zero 须在 0–1 之间（0.8 表示 80%） / rate bounds Full and Zero must be within 0–1");
            }
            if (string.IsNullOrWhiteSpace(c.Label))
            {
                problems.Add($"{at}:Label：须填写指标名称 / label required");
            }
        }
        foreach (var twice in criteria.GroupBy(c => c.Measure).Where(g => g.Count() > 1))
        {
            problems.Add($"{key}:Criteria：指标 {twice.Key} 出现了 {twice.Count()} 次 / measure listed more than once");
        }
    }
}
