using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>
/// Small helpers for official-document (公文) layout: A4, body in 仿宋_GB2312 三号, titles in 宋体 二号 bold
/// (GB/T 9704 uses 方正小标宋, which few desktops have; 宋体 is on every Windows and in WPS). The East-Asian font is
/// declared in <c>w:rFonts/@w:eastAsia</c> and the language as zh-CN, so Word and WPS pick a Chinese font instead of
/// rendering Chinese in a Latin fallback.
/// </summary>
public static class DocxBuilder
{
    public const string BodyFont = "仿宋_GB2312";
    public const string TitleFont = "宋体";
    public const string LatinFont = "Times New Roman";

    /// <summary>Half-points: 三号 = 16 pt, 二号 = 22 pt, 四号 = 14 pt.</summary>
    public const int BodySize = 32;
    public const int TitleSize = 44;
    public const int TableSize = 24;

    /// <summary>A new .docx in memory whose body the <paramref name="fill"/> writes.</summary>
    public static byte[] Create(Action<Body> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(BodyFont), new FontSize { Val = BodySize.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact, After = "0" }))));
            var body = new Body();
            fill(body);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    public static RunFonts Fonts(string eastAsia) =>
        new() { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = eastAsia, ComplexScript = LatinFont, Hint = FontTypeHintValues.EastAsia };

    public static Run Run(string text, string font = BodyFont, int size = BodySize, bool bold = false, string? color = null)
    {
        var properties = new RunProperties(Fonts(font));
        if (bold)
        {
            properties.Append(new Bold());
        }
        if (color is not null)
        {
            properties.Append(new Color { Val = color });
        }
        properties.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    public static Paragraph Paragraph(JustificationValues justification, params Run[] runs)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new Justification { Val = justification }));
        paragraph.Append(runs);
        return paragraph;
    }

    /// <summary>A body paragraph indented by two characters (公文 正文).</summary>
    public static Paragraph BodyParagraph(string text) =>
        new(new ParagraphProperties(new Indentation { FirstLine = "640", FirstLineChars = 200 }, new Justification { Val = JustificationValues.Both }), Run(text));

    /// <summary>The red rule under a letterhead (版头中的分隔线).</summary>
    public static Paragraph RedRule(Paragraph paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        var properties = paragraph.ParagraphProperties ?? paragraph.PrependChild(new ParagraphProperties());
        properties.PrependChild(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 12, Color = "C00000", Space = 4 }));
        return paragraph;
    }

    public static Paragraph Title(string text) => Paragraph(JustificationValues.Center, Run(text, TitleFont, TitleSize, bold: true));

    public static Paragraph Empty() => new();

    /// <summary>A bordered table with a bold header row, in 仿宋 四号小 (12 pt).</summary>
    public static Table Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        static TableBorders Borders() => new(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(Borders(), new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }));
        table.Append(Row(header, bold: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, bold: false));
        }
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, bool bold)
    {
        var row = new TableRow();
        foreach (var cell in cells)
        {
            var paragraph = new Paragraph(
                new ParagraphProperties(new SpacingBetweenLines { Line = "360", LineRule = LineSpacingRuleValues.Auto }, new Justification { Val = bold ? JustificationValues.Center : JustificationValues.Left }),
                Run(cell, size: TableSize, bold: bold));
            row.Append(new TableCell(paragraph));
        }
        return row;
    }
}
