using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SupervisionFlow.Web.Domain.Documents;

namespace SupervisionFlow.Web.Tests.Domain.Documents;

/// <summary>Opens generated .docx bytes with the OpenXml SDK, as Word would read them.</summary>
public static class DocxTestFiles
{
    public static string BodyText(byte[] docx)
    {
        using var stream = new MemoryStream(docx, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        return DocxPlaceholders.BodyText(document);
    }

    public static IReadOnlyList<string> Placeholders(byte[] docx)
    {
        using var stream = new MemoryStream(docx, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        return DocxPlaceholders.Find(document);
    }

    public static List<List<string>> Tables(byte[] docx)
    {
        using var stream = new MemoryStream(docx, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        return [.. document.MainDocumentPart!.Document!.Body!.Descendants<Table>()
            .Select(t => t.Descendants<TableRow>().Select(r => string.Join("|", r.Descendants<TableCell>().Select(c => c.InnerText))).ToList())];
    }

    /// <summary>The East-Asian font declared in the document defaults (what Word and WPS fall back to for Chinese).</summary>
    public static string? DefaultEastAsiaFont(byte[] docx)
    {
        using var stream = new MemoryStream(docx, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        return document.MainDocumentPart?.StyleDefinitionsPart?.Styles?.DocDefaults?.Descendants<RunFonts>().FirstOrDefault()?.EastAsia?.Value;
    }

    /// <summary>A one-paragraph document whose text is split into the given runs, as Word splits an edited placeholder.</summary>
    public static byte[] WithRuns(params string[] runs) => DocxBuilder.Create(body =>
    {
        var paragraph = new Paragraph();
        foreach (var (text, i) in runs.Select((t, i) => (t, i)))
        {
            var run = new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
            if (i % 2 == 1)
            {
                run.PrependChild(new RunProperties(new Bold()));
            }
            paragraph.Append(run);
        }
        body.Append(paragraph);
    });
}
