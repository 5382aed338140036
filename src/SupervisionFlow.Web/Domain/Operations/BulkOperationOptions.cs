namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>Limits of the office's bulk actions on the suggestion list (<c>Operations:BulkChunkSize</c>, <c>Operations:BulkMaxSelection</c>).</summary>
public sealed class BulkOperationOptions
{
    public const string Section = "Operations";

    /// <summary>Suggestions per transaction: a failure rolls back at most this many, and the write lock is held this long.</summary>
    public int BulkChunkSize { get; set; } = 100;

    /// <summary>
    /// The most suggestions one bulk action takes. It runs as a background job, but its preview is still read and
    /// rendered in one request, and its selection travels in one form field.
    /// </summary>
    public int BulkMaxSelection { get; set; } = 10_000;
}
