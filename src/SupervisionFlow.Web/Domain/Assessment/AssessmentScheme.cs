namespace SupervisionFlow.Web.Domain.Assessment;

/// <summary>What a criterion measures, per unit and session.</summary>
public enum CriterionMeasure
{
    /// <summary>Share of assignments acknowledged (签收) within the re-assignment window (Shenzhen: 7 days).</summary>
    OnTimeAcknowledgement,

    /// <summary>Share of first replies signed by the assignment's original deadline (3 months).</summary>
    OnTimeReply,

    /// <summary>Share of replied suggestions with all three 三访 contacts logged.</summary>
    ContactCompleteness,

    /// <summary>Share of returned ratings that are 满意 or 基本满意 (unreturned ones excluded).</summary>
    Satisfaction,

    /// <summary>Suggestions re-handled (重新办理) after 不满意.</summary>
    RehandlingCount,

    /// <summary>Approved extensions (延期).</summary>
    ExtensionCount,
}

/// <summary>How a figure becomes points.</summary>
public enum ScoringFormula
{
    /// <summary>All the weight when the figure reaches <see cref="AssessmentCriterion.Full"/>, none otherwise.</summary>
    Threshold,

    /// <summary>Straight line from 0 points at <see cref="AssessmentCriterion.Zero"/> to the weight at <see cref="AssessmentCriterion.Full"/>, clamped.</summary>
    Linear,
}

/// <summary>
/// One line of the 考核 scheme. Rates are 0–1, counts are items; <see cref="Full"/> below <see cref="Zero"/> means
/// lower is better (counts), so one pair of numbers serves both directions.
/// </summary>
public sealed class AssessmentCriterion
{
    public CriterionMeasure Measure { get; set; }

    public string Label { get; set; } = "";

    public double Weight { get; set; }

    public ScoringFormula Formula { get; set; }

    public double Full { get; set; } = 1;

    public double Zero { get; set; }

    public double Score(double? figure)
    {
        // No items to judge (nothing due yet): the unit is not marked down for it.
        if (figure is not { } value)
        {
            return Weight;
        }
        var higherIsBetter = Full >= Zero;
        if (Formula == ScoringFormula.Threshold)
        {
            return (higherIsBetter ? value >= Full : value <= Full) ? Weight : 0;
        }
        if (Full == Zero)
        {
            return (higherIsBetter ? value >= Full : value <= Full) ? Weight : 0;
        }
        var share = Math.Clamp((value - Zero) / (Full - Zero), 0, 1);
        return Math.Round(Weight * share, 2);
    }
}

/// <summary>Section <c>Handling:Assessment</c>: the criteria of the yearly unit 考核.</summary>
public sealed class AssessmentScheme
{
    /// <summary>
    /// Defaults after Shenzhen's rules: 签收 within 7 days; at least 80% answered within 3 months; at least 80%
    /// satisfied; plus 三访 completeness and deductions for re-handling and extensions. 100 points in all.
    /// </summary>
    public IReadOnlyList<AssessmentCriterion> Criteria { get; set; } =
    [
        new() { Measure = CriterionMeasure.OnTimeAcknowledgement, Label = "按时签收率", Weight = 15, Formula = ScoringFormula.Linear, Full = 1, Zero = 0 },
        new() { Measure = CriterionMeasure.OnTimeReply, Label = "按时答复率", Weight = 30, Formula = ScoringFormula.Threshold, Full = 0.8, Zero = 0 },
        new() { Measure = CriterionMeasure.ContactCompleteness, Label = "三访完成率", Weight = 15, Formula = ScoringFormula.Linear, Full = 1, Zero = 0 },
        new() { Measure = CriterionMeasure.Satisfaction, Label = "满意率", Weight = 30, Formula = ScoringFormula.Threshold, Full = 0.8, Zero = 0 },
        new() { Measure = CriterionMeasure.RehandlingCount, Label = "重新办理件数", Weight = 5, Formula = ScoringFormula.Linear, Full = 0, Zero = 3 },
        new() { Measure = CriterionMeasure.ExtensionCount, Label = "延期件数", Weight = 5, Formula = ScoringFormula.Linear, Full = 0, Zero = 5 },
    ];

    public static bool IsRate(CriterionMeasure measure) => measure is not (CriterionMeasure.RehandlingCount or CriterionMeasure.ExtensionCount);
}
