namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>大会建议 (filed during the congress session) or 闭会建议 (between sessions).</summary>
public enum SuggestionKind
{
    Session,
    BetweenSession,
}

/// <summary>What the deputy consented to publish (代表法 Art. 51).</summary>
public enum DisclosureConsent
{
    Full,
    TitleOnly,
    None,
}

/// <summary>主办+会办 (one lead unit with co-units) or 分办 (several units each answer separately).</summary>
public enum HandlingMode
{
    LeadWithCo,
    Separate,
}

public enum UnitRole
{
    Lead,
    Co,
    Separate,
}

/// <summary>Where a suggestion stands; derived from the records as the process moves.</summary>
public enum SuggestionState
{
    UnderReview,
    ReturnedForRevision,
    AwaitingAssignment,
    InHandling,
    Replied,
    Rehandling,
    FollowUp,
    Closed,
    Converted,
    Merged,
    Withdrawn,
    Escalated,
}

public enum ReviewOutcome
{
    Accept,
    Revise,
    Convert,
    Merge,
}

/// <summary>The 三访 stage of a deputy contact.</summary>
public enum ContactStage
{
    Before,
    During,
    After,
}

/// <summary>满意 / 基本满意 / 不满意.</summary>
public enum Satisfaction
{
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}

public enum InquiryState
{
    Proposed,
    Approved,
    Rejected,
    Held,
    Closed,
}
