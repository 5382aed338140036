using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Domain.Comments;

/// <summary>Limits of 沟通记录 (<c>Comments</c> in appsettings.json).</summary>
public sealed class CommentOptions
{
    public const string Section = "Comments";

    /// <summary>Longest message in characters; a message is a note, not a document (documents go with replies).</summary>
    [Range(1, 20_000)]
    public int MaxLength { get; set; } = 2000;

    /// <summary>Most messages one suggestion's page shows (the newest ones), so a page stays readable and cheap.</summary>
    [Range(1, 10_000)]
    public int MaxShown { get; set; } = 200;
}
