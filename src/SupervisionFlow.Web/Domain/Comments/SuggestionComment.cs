namespace SupervisionFlow.Web.Domain.Comments;

/// <summary>
/// One message of a suggestion's 沟通记录: who wrote it (office, a unit, the lead deputy) and who may read it
/// (<see cref="Audience"/>). Rows are never changed or deleted: the thread is part of the record of handling.
/// </summary>
public sealed class SuggestionComment
{
    public int Id { get; set; }

    public int SuggestionId { get; set; }

    public CommentAudience Audience { get; set; }

    /// <summary>The party that wrote it (decides who is notified and how it is labelled).</summary>
    public CommentAuthorKind AuthorKind { get; set; }

    /// <summary>The writer's unit, when a unit wrote it.</summary>
    public string? AuthorUnitId { get; set; }

    public required string AuthorUserName { get; set; }

    public required string AuthorName { get; set; }

    public required string Body { get; set; }

    public DateTime PostedAt { get; set; }
}

/// <summary>Who a message is meant for. The office (联工委) reads every message.</summary>
public enum CommentAudience
{
    /// <summary>全部相关方: office, the handling units and the deputies of the suggestion.</summary>
    All,

    /// <summary>仅联工委与承办单位: never shown to deputies.</summary>
    OfficeAndUnits,

    /// <summary>仅联工委与代表: never shown to units (evaluations and ratings stay between office and deputy).</summary>
    OfficeAndDeputy,
}

public enum CommentAuthorKind
{
    Office,
    Unit,
    Deputy,
}

public static class CommentLabels
{
    public static string Of(CommentAudience audience) => audience switch
    {
        CommentAudience.All => "全部相关方",
        CommentAudience.OfficeAndUnits => "仅联工委与承办单位",
        CommentAudience.OfficeAndDeputy => "仅联工委与代表",
        _ => audience.ToString(),
    };

    public static string Of(CommentAuthorKind kind) => kind switch
    {
        CommentAuthorKind.Office => "联工委",
        CommentAuthorKind.Unit => "承办单位",
        CommentAuthorKind.Deputy => "代表",
        _ => kind.ToString(),
    };
}
