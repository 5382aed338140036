namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>Section <c>Documents</c>: where templates live, who issues the office's letters, how a 文号 reads, file limits.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>The default templates' folder, relative to the content root; a missing file falls back to the built-in default.</summary>
    public string TemplatesPath { get; set; } = "workflows/templates";

    /// <summary>发文机关 of the 交办函, 一人一函 and annual report.</summary>
    public string IssuingOffice { get; set; } = "市人大常委会选举任免联络工作委员会";

    /// <summary>The 文号 of a reply letter: {单位} the unit's name, {年} the year, {号} the serial.</summary>
    public string NumberFormat { get; set; } = "{单位}复〔{年}〕{号}号";

    /// <summary>The body limit of the upload pages; <see cref="MaxTemplateBytes"/> and <see cref="MaxScanBytes"/> must fit under it.</summary>
    public const long MaxUploadRequestBytes = 64L * 1024 * 1024;

    public long MaxTemplateBytes { get; set; } = 5 * 1024 * 1024;

    public long MaxScanBytes { get; set; } = 20 * 1024 * 1024;

    public string FormatNumber(string unitName, int year, int serial) =>
        NumberFormat.Replace("{单位}", unitName, StringComparison.Ordinal)
            .Replace("{年}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{号}", serial.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
