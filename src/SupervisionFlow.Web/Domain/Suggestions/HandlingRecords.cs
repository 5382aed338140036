namespace SupervisionFlow.Web.Domain.Suggestions;

// One record per step of the handling. Records are only ever added (never edited away or deleted), so the
// file of a suggestion is its full history. Times are UTC; calendar dates are dates in China time.

/// <summary>Base of every step record: which suggestion, who recorded it, when.</summary>
public abstract class HandlingRecord
{
    public int Id { get; set; }

    public int SuggestionId { get; set; }

    public required string RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>审核: accept, return for revision, convert to a deputy letter, or merge.</summary>
public sealed class ReviewDecision : HandlingRecord
{
    public ReviewOutcome Outcome { get; set; }

    public string? Reason { get; set; }

    public int? MergedIntoId { get; set; }
}

/// <summary>A 交办会 (assignment meeting) where many suggestions are assigned at once.</summary>
public sealed class AssignmentMeeting
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public DateOnly HeldOn { get; set; }

    public string? Location { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>
    /// The list confirmed at the meeting and not yet wholly assigned (JSON of <c>AssignmentOrder</c>), kept so a crash
    /// or a closed browser resumes where it stopped; null when nothing is pending.
    /// </summary>
    public string? PlanJson { get; set; }

    /// <summary>Lines of the current list.</summary>
    public int PlanTotal { get; set; }

    /// <summary>Lines of the current list assigned so far (updated in each chunk's transaction).</summary>
    public int PlanDone { get; set; }
}

/// <summary>交办: the units, the mode and the reply deadline, optionally at a meeting.</summary>
public sealed class Assignment : HandlingRecord
{
    public int? MeetingId { get; set; }

    public required string LeadUnitId { get; set; }

    /// <summary>Co-units (会办) or, in 分办 mode, the further units; comma-separated ids.</summary>
    public string? OtherUnitIds { get; set; }

    public HandlingMode Mode { get; set; }

    public DateOnly ReplyDueOn { get; set; }
}

/// <summary>签收, or a request to be re-assigned within the window.</summary>
public sealed class Acknowledgement : HandlingRecord
{
    public required string UnitId { get; set; }

    public bool RequestsReassignment { get; set; }

    public string? Reason { get; set; }
}

/// <summary>The office's decision on a re-assignment request.</summary>
public sealed class ReassignmentDecision : HandlingRecord
{
    public required string FromUnitId { get; set; }

    public string? ToUnitId { get; set; }

    public bool Approved { get; set; }

    public string? Reason { get; set; }
}

/// <summary>三定: handler, plan, planned completion and the reply deadline.</summary>
public sealed class HandlingPlan : HandlingRecord
{
    public required string UnitId { get; set; }

    public required string HandlerName { get; set; }

    public string? HandlerPhone { get; set; }

    public required string Plan { get; set; }

    public DateOnly PlannedCompletionOn { get; set; }

    public DateOnly ReplyDueOn { get; set; }
}

/// <summary>One of the 三访 contacts with the deputy.</summary>
public sealed class DeputyContact : HandlingRecord
{
    public required string UnitId { get; set; }

    public ContactStage Stage { get; set; }

    public DateOnly ContactedOn { get; set; }

    /// <summary>上门拜访 / 座谈 / 电话 / 现场察看 ….</summary>
    public required string Method { get; set; }

    public string? Participants { get; set; }

    public required string Summary { get; set; }

    /// <summary>The deputy's view recorded at the contact.</summary>
    public string? DeputyView { get; set; }
}

/// <summary>A co-unit's opinion sent to the lead unit.</summary>
public sealed class CoUnitOpinion : HandlingRecord
{
    public required string UnitId { get; set; }

    public required string Opinion { get; set; }
}

/// <summary>延期: a unit's request and the office's decision.</summary>
public sealed class ExtensionRequest : HandlingRecord
{
    public required string UnitId { get; set; }

    public required string Reason { get; set; }

    public DateOnly RequestedDueOn { get; set; }

    public bool? Approved { get; set; }

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    public DateOnly? GrantedDueOn { get; set; }
}

/// <summary>答复: result class, text, signing head, delivery.</summary>
public sealed class Reply : HandlingRecord
{
    public required string UnitId { get; set; }

    public int Round { get; set; }

    public required string ResultClass { get; set; }

    public required string Text { get; set; }

    public string? SignedBy { get; set; }

    public DateTime? SignedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>抄送: who received copies.</summary>
    public string? Copies { get; set; }
}

/// <summary>测评: a deputy's rating of attitude and result, or a window that expired unreturned.</summary>
public sealed class Evaluation : HandlingRecord
{
    public int DeputyId { get; set; }

    public int Round { get; set; }

    public Satisfaction? Attitude { get; set; }

    public Satisfaction? Result { get; set; }

    public string? Comment { get; set; }

    /// <summary>Not returned within the window: excluded from satisfaction rates.</summary>
    public bool NotEvaluated { get; set; }
}

/// <summary>约谈 of the responsible head after an unsatisfactory rating.</summary>
public sealed class Interview : HandlingRecord
{
    public required string UnitId { get; set; }

    public DateOnly HeldOn { get; set; }

    public string? Participants { get; set; }

    public required string Summary { get; set; }
}

/// <summary>B-class progress report (跟踪督办), yearly by default.</summary>
public sealed class ProgressReport : HandlingRecord
{
    public required string UnitId { get; set; }

    public required string Progress { get; set; }

    public bool Solved { get; set; }

    public Satisfaction? DeputyRating { get; set; }
}

/// <summary>An overdue reply noticed by the deadline guard, and the office's supervision of it.</summary>
public sealed class OverdueRecord : HandlingRecord
{
    public DateOnly DueOn { get; set; }

    public string? SupervisionNote { get; set; }
}

/// <summary>A 专题询问 topic grouping unsatisfactory suggestions (by unit or category) for the 主任会议.</summary>
public sealed class InquiryTopic
{
    public int Id { get; set; }

    public required string Title { get; set; }

    public string? UnitId { get; set; }

    public string? Category { get; set; }

    public InquiryState State { get; set; }

    public required string ProposedBy { get; set; }

    public DateTime ProposedAt { get; set; }

    public DateOnly? MeetingOn { get; set; }

    public string? Summary { get; set; }

    public string? FollowUp { get; set; }

    public string? ProcessInstanceId { get; set; }

    public List<InquiryTopicSuggestion> Suggestions { get; set; } = [];
}

public sealed class InquiryTopicSuggestion
{
    public int Id { get; set; }

    public int InquiryTopicId { get; set; }

    public int SuggestionId { get; set; }
}
