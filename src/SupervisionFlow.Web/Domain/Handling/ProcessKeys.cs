namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>Names shared with the BPMN files in <c>workflows/</c>: process keys, messages and variables.</summary>
public static class ProcessKeys
{
    public const string SessionSuggestion = "session-suggestion";
    public const string BetweenSessionSuggestion = "between-session-suggestion";
    public const string SuggestionHandling = "suggestion-handling";
    public const string BClassFollowUp = "b-class-follow-up";
    public const string SpecialInquiry = "special-inquiry";

    /// <summary>The handling process 交办 hands a suggestion to (read by the intake processes' <c>handle</c> call activity).</summary>
    public const string HandlingProcessVariable = "handlingProcess";

    /// <summary>Its version; null is the latest.</summary>
    public const string HandlingVersionVariable = "handlingVersion";

    public const string ExtensionRequestedMessage = "extensionRequested";
    public const string WithdrawnMessage = "withdrawn";

    /// <summary>The deadline guard on the handling sub-process.</summary>
    public const string ReplyOverdueTimer = "replyOverdue";

    /// <summary>Tasks whose due date is the reply deadline (moved by an extension).</summary>
    public static readonly string[] ReplyDeadlineTasks = ["draftReply", "signOff"];

    public static string InquiryBusinessKey(int topicId) => $"inquiry-{topicId}";
}
