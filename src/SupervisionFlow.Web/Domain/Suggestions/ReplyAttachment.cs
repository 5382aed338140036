namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>
/// A file sent with a reply (答复函 scan, survey data, photos). The bytes live in the database beside the reply, so a
/// reply and its files commit — or fail — together and a backup of the database is a backup of the files. Like the
/// other records it is only ever added.
/// </summary>
public sealed class ReplyAttachment
{
    public int Id { get; set; }

    public int SuggestionId { get; set; }

    public int ReplyId { get; set; }

    /// <summary>Set when the reply is added in the same command, so the database assigns <see cref="ReplyId"/>.</summary>
    public Reply? Reply { get; set; }

    /// <summary>The file's name as the user uploaded it (without any directory).</summary>
    public required string FileName { get; set; }

    /// <summary>Decided from the extension on upload, never taken from the browser.</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Hex SHA-256 of <see cref="Content"/>, to show that a file is the one uploaded.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTime UploadedAt { get; set; }
}

/// <summary>What a page lists of an attachment: never the bytes.</summary>
public sealed record AttachmentRef(int Id, int ReplyId, string FileName, long Size)
{
    public string Url => $"/Attachments/{Id}";

    /// <summary>The size as people read it: 12 KB, 3.4 MB.</summary>
    public string SizeText => ByteSizes.Text(Size);
}
