using Bogus;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.DemoData;

/// <summary>How far a demonstration suggestion gets; each stage means every task before it was completed.</summary>
internal enum DemoStage
{
    /// <summary>Assigned at the 交办会, not yet acknowledged (签收 open).</summary>
    Assigned,
    Acknowledged,
    Planned,
    VisitedBefore,
    CoOpinions,
    VisitedDuring,
    Drafted,
    Replied,
    VisitedAfter,
    Evaluated,

    /// <summary>Replied early and the deputy let the evaluation window pass (recorded as not evaluated).</summary>
    NotEvaluated,
}

internal enum DemoReview
{
    Accept,
    Revise,

    /// <summary>Returned for revision and still with the deputy.</summary>
    RevisePending,
    Convert,
    Merge,
}

/// <summary>What will happen to one demonstration suggestion, decided before any service is called.</summary>
internal sealed class DemoPlan
{
    public required int Index { get; init; }

    public required DemoCategory Category { get; init; }

    public required string Title { get; set; }

    public required string Content { get; set; }

    public required string Topic { get; init; }

    public required string FormedBy { get; init; }

    public required int LeadDeputyId { get; init; }

    public required IReadOnlyList<int> CoSignerIds { get; init; }

    public DisclosureConsent Disclosure { get; init; }

    public bool ReferenceOnly { get; init; }

    public DemoReview Review { get; set; }

    public DemoPlan? MergeInto { get; set; }

    public int SuggestionId { get; set; }

    public string LeadUnit { get; set; } = "";

    public List<string> OtherUnits { get; } = [];

    public HandlingMode Mode { get; set; }

    public bool IsKey { get; set; }

    public string? KeyLeaderId { get; set; }

    public string? KeyCommitteeId { get; set; }

    public DemoStage Stage { get; set; }

    /// <summary>Handled quickly, replied within two to three weeks of the 交办会.</summary>
    public bool Early { get; set; }

    public string ResultClass { get; set; } = "A";

    public Satisfaction Rating { get; set; } = Satisfaction.Satisfied;

    /// <summary>Unsatisfied again after re-handling: ends in a 专题询问 proposal.</summary>
    public bool StillUnsatisfied { get; set; }

    /// <summary>Asks to be re-assigned at 签收: true approved, false refused, null never asks.</summary>
    public bool? Reassign { get; set; }

    public string? ReassignTo { get; set; }

    /// <summary>Asks for an extension (延期): true approved, false refused, null never asks.</summary>
    public bool? Extension { get; set; }

    public bool Withdraw { get; set; }

    /// <summary>Key suggestion whose leader sends the first draft reply back.</summary>
    public bool LeaderReturns { get; set; }

    public bool Accepted => Review is DemoReview.Accept or DemoReview.Revise;

    public bool Reaches(DemoStage stage) =>
        Accepted && !Withdraw && (Stage == DemoStage.NotEvaluated ? stage != DemoStage.Evaluated : Stage >= stage);
}

/// <summary>Spreads outcomes by quota over a shuffled list, so even a small seed shows every kind of case.</summary>
internal static class DemoQuota
{
    /// <summary>Assigns each item one of <paramref name="shares"/> in proportion to its weight; each share with weight gets at least one item when there are enough items.</summary>
    public static void Distribute<TItem, TValue>(Faker faker, IReadOnlyList<TItem> items, IReadOnlyList<(TValue Value, double Weight)> shares, Action<TItem, TValue> apply)
    {
        var shuffled = faker.Random.Shuffle(items).ToList();
        var total = shares.Sum(s => s.Weight);
        var counts = shares.Select(s => (int)Math.Floor(s.Weight / total * shuffled.Count)).ToArray();
        for (var i = 0; i < counts.Length && shuffled.Count >= shares.Count; i++)
        {
            counts[i] = Math.Max(counts[i], shares[i].Weight > 0 ? 1 : 0);
        }
        // The first (largest) share takes whatever rounding left over or over-gave.
        counts[0] += shuffled.Count - counts.Sum();
        var position = 0;
        for (var i = 0; i < shares.Count; i++)
        {
            for (var n = 0; n < counts[i] && position < shuffled.Count; n++)
            {
                apply(shuffled[position++], shares[i].Value);
            }
        }
    }
}
