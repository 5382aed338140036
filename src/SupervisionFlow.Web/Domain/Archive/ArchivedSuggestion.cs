namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>
/// The index row of one archived suggestion: where its engine history lives (one gzip member of a chunk's file) and
/// what it held. Written in the transaction that deletes the hot rows, so a row here means the rows are gone and the
/// member is on disk.
/// </summary>
public sealed class ArchivedSuggestion
{
    public int SuggestionId { get; set; }

    public int Term { get; set; }

    /// <summary>The chunk's file name, relative to <see cref="HistoryArchiveOptions.Folder"/>.</summary>
    public required string FileName { get; set; }

    /// <summary>Where the suggestion's gzip member starts in the file.</summary>
    public long Offset { get; set; }

    /// <summary>The member's length in bytes.</summary>
    public int Length { get; set; }

    /// <summary>SHA-256 of the member (hex), checked on every read.</summary>
    public required string Sha256 { get; set; }

    public int Instances { get; set; }

    public int ActivityRows { get; set; }

    public int VariableRows { get; set; }

    public DateTime ArchivedAt { get; set; }
}
