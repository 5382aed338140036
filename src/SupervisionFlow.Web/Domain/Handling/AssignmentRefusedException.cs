namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>One line of a 交办会 list the office must change or drop before anything is assigned; <see cref="Number"/> as shown (第12号).</summary>
public sealed record AssignmentRefusal(int SuggestionId, string Number, string Title, string Reason)
{
    public string Label => Number.Length > 0 ? $"{Number}《{Title}》" : $"建议 {SuggestionId}";
}

/// <summary>
/// A 交办会 list refused before any work was done, with every refused line at once (not the first one only), so the
/// office can drop them all and confirm the rest in one more step.
/// </summary>
public sealed class AssignmentRefusedException(IReadOnlyList<AssignmentRefusal> refusals)
    : Exception(Describe(refusals))
{
    public IReadOnlyList<AssignmentRefusal> Refusals { get; } = refusals;

    public static string Describe(IReadOnlyList<AssignmentRefusal> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        return $"以下 {refusals.Count} 件建议不能交办，本次交办未执行：" + string.Join("；", refusals.Select(r => $"{r.Label}：{r.Reason}"))
               + "。可去掉这些建议后确认交办其余建议。";
    }
}
