using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.SuggestionsApi;

// What the suggestions API (and the deputies' portal) show of a suggestion. Times are UTC; dates are China dates.

/// <summary>
/// The body of <c>POST /api/suggestions</c> (and one element of <c>POST /api/suggestions/import</c>). Only documents
/// the shape: the endpoints read the JSON leniently so that every bad field is reported in Chinese, not the first
/// type mismatch.
/// </summary>
/// <param name="Kind"><c>session</c> (大会建议) or <c>betweenSession</c> (闭会建议); the Chinese names work too.</param>
/// <param name="Term">届次, e.g. 18.</param>
/// <param name="Session">会次, e.g. 5.</param>
/// <param name="Category">One of the configured categories (<c>Suggestions:Categories</c>).</param>
/// <param name="FormedBy">形成方式: 专题调研, 集中视察, 代表小组活动, 座谈走访 ….</param>
/// <param name="LeadDeputyId">领衔代表's id in the directory (a name is accepted when it is unique).</param>
/// <param name="CoSignerIds">附议代表 ids.</param>
/// <param name="Disclosure"><c>full</c> (全文公开), <c>titleOnly</c> (仅公开标题) or <c>none</c> (不公开).</param>
/// <param name="ReferenceOnly">仅供参考，不需书面答复.</param>
public sealed record CreateSuggestionRequest(
    string Kind,
    int Term,
    int Session,
    string Title,
    string Content,
    string Category,
    string? FormedBy,
    int LeadDeputyId,
    IReadOnlyList<int>? CoSignerIds,
    string Disclosure,
    bool ReferenceOnly);

public sealed record CreatedSuggestion(int Id, int Number, string DisplayNumber, SuggestionState State, string StateLabel);

public sealed record ImportResult(int Imported, IReadOnlyList<CreatedRow> Suggestions);

public sealed record CreatedRow(int Row, int Id, int Number, string DisplayNumber);

public sealed record SuggestionPage(int Total, int Page, int PageSize, IReadOnlyList<SuggestionSummary> Items);

public sealed record SuggestionSummary(
    int Id,
    SuggestionKind Kind,
    int Term,
    int Session,
    int Number,
    string DisplayNumber,
    string Title,
    string Category,
    SuggestionState State,
    string StateLabel,
    int LeadDeputyId,
    string? LeadDeputyName,
    bool IsKey,
    IReadOnlyList<string> UnitIds,
    DateTime SubmittedAt,
    DateOnly? ReplyDueOn,
    string? ResultClass);

public sealed record DeputyRef(int Id, string Name, string? Delegation);

public sealed record UnitRef(string UnitId, string Name, UnitRole Role, bool IsActive, DateTime? AcknowledgedAt);

/// <summary>An open step of the handling and when it is due.</summary>
public sealed record OpenStep(string? Name, string ActivityId, DateTime? DueAt, IReadOnlyList<string> CandidateGroups);

/// <summary>A delivered reply letter (答复函).</summary>
public sealed record ReplyLetter(
    string UnitId, string UnitName, int Round, string ResultClass, string ResultLabel, string Text, string? SignedBy, DateTime DeliveredAt,
    IReadOnlyList<AttachmentRef> Attachments);

public sealed record SuggestionDetails(
    int Id,
    SuggestionKind Kind,
    int Term,
    int Session,
    int Number,
    string DisplayNumber,
    string Title,
    string Content,
    string Category,
    string? FormedBy,
    DeputyRef LeadDeputy,
    IReadOnlyList<DeputyRef> CoSigners,
    DisclosureConsent Disclosure,
    bool ReferenceOnly,
    bool IsKey,
    SuggestionState State,
    string StateLabel,
    HandlingMode HandlingMode,
    IReadOnlyList<UnitRef> Units,
    DateTime SubmittedAt,
    DateTime? AssignedAt,
    DateOnly? ReplyDueOn,
    int? DaysLeft,
    DateTime? FirstRepliedAt,
    DateTime? ClosedAt,
    string? ResultClass,
    int Round,
    IReadOnlyList<OpenStep> OpenSteps,
    IReadOnlyList<ReplyLetter> Replies);

/// <summary>One entry of a suggestion's history, from its audit trail.</summary>
public sealed record TimelineEntry(DateTime At, string Actor, string Action, string Label, string? Details);

/// <summary>Filters of <c>GET /api/suggestions</c>; every given filter must match.</summary>
public sealed record SuggestionFilter(
    int? Term = null, int? Session = null, SuggestionState? State = null, string? Category = null, string? UnitId = null,
    SuggestionKind? Kind = null, int Page = 1, int PageSize = 50);
