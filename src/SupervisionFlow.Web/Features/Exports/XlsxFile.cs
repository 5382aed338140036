using Microsoft.AspNetCore.Mvc;

namespace SupervisionFlow.Web.Features.Exports;

public static class XlsxFile
{
    /// <summary>
    /// The workbook as a download. The Chinese file name travels as RFC 6266 <c>filename*=UTF-8''…</c> (ASP.NET writes
    /// both forms), which every current browser reads.
    /// </summary>
    public static FileContentResult Result(string fileName, params XlsxSheet[] sheets) =>
        Result(fileName, (IEnumerable<XlsxSheet>)sheets);

    public static FileContentResult Result(string fileName, IEnumerable<XlsxSheet> sheets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var name = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? fileName : fileName + ".xlsx";
        return new FileContentResult(XlsxWriter.Write(sheets), XlsxWriter.ContentType) { FileDownloadName = name };
    }
}
