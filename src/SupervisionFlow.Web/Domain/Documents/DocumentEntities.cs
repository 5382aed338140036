namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>What a <see cref="ReplyDocument"/> holds.</summary>
public enum ReplyDocumentKind
{
    /// <summary>The 答复函 generated at sign-off, with its 文号: kept as issued, never regenerated.</summary>
    Final,

    /// <summary>The unit's scan of the sealed (盖章) letter; what the deputy sees when present.</summary>
    SealedScan,
}

/// <summary>
/// A reply's letter file. Like the handling records it is only ever added: a second scan is a new row (the latest is
/// shown), and the final letter's bytes and SHA-256 never change after sign-off.
/// </summary>
public sealed class ReplyDocument
{
    public int Id { get; set; }

    public int SuggestionId { get; set; }

    public int ReplyId { get; set; }

    public required string UnitId { get; set; }

    public ReplyDocumentKind Kind { get; set; }

    /// <summary>文号 as printed, e.g. 市交通运输局复〔2026〕3号 (final letters only).</summary>
    public string? DocumentNumber { get; set; }

    public int? Year { get; set; }

    public int? Serial { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The last 文号 serial a unit used in a year. Incremented by the sign-off's own transaction, so a rolled-back
/// sign-off gives its number back and two concurrent ones wait for each other on the row (no gap, no repeat).
/// </summary>
public sealed class DocumentNumberCounter
{
    public required string UnitId { get; set; }

    public int Year { get; set; }

    public int LastSerial { get; set; }
}

/// <summary>A template an administrator uploaded; the latest per key replaces the file under workflows/templates.</summary>
public sealed class TemplateUpload
{
    public int Id { get; set; }

    public required string TemplateKey { get; set; }

    public required string FileName { get; set; }

    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTime UploadedAt { get; set; }
}
