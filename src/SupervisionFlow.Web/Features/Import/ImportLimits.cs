namespace SupervisionFlow.Web.Features.Import;

/// <summary>
/// Section <c>Import</c>: bounds on an uploaded .xlsx. A workbook is a zip archive, so its compressed size says little
/// about what reading it costs; the entries' declared sizes and their expansion ratio are checked before any part is read.
/// </summary>
public sealed class ImportLimits
{
    public const string Section = "Import";

    /// <summary>Largest upload, as sent (compressed).</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Sum of the uncompressed sizes of every part of the workbook.</summary>
    public long MaxUncompressedBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Highest uncompressed/compressed ratio of a part larger than 1 MB. Real sheets of Chinese text compress 3–20×;
    /// a sheet padded with a gigabyte of spaces compresses about 1,000×.
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 100;
}
