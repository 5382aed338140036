using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SupervisionFlow.Web.Features.Exports;

/// <summary>A rate shown as a percentage in Excel (stored as the fraction, so it still sums and sorts).</summary>
public readonly record struct Percent(double? Value);

/// <summary>One worksheet: a bold header row and data rows. Cells are text, numbers, <see cref="Percent"/>, dates or null.</summary>
public sealed class XlsxSheet(string name, params string[] headers)
{
    private readonly List<IReadOnlyList<object?>> _rows = [];

    public string Name { get; } = name;

    public IReadOnlyList<string> Headers { get; } = headers;

    public IReadOnlyList<IReadOnlyList<object?>> Rows => _rows;

    public XlsxSheet Add(params object?[] cells)
    {
        _rows.Add(cells);
        return this;
    }
}

/// <summary>
/// Writes .xlsx workbooks with the Open XML SDK. Text goes into inline strings (<c>t="inlineStr"</c>): Excel never
/// evaluates them, so a title such as <c>=HYPERLINK(…)</c> stays text. Dates are written as ISO text
/// (<c>2026-06-02</c>), which reads the same in every locale and sorts correctly.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Style indexes in the stylesheet written below.
    private const uint HeaderStyle = 1;
    private const uint PercentStyle = 2;

    public static byte[] Write(IEnumerable<XlsxSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var list = sheets.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A workbook needs at least one sheet.", nameof(sheets));
        }
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetsElement = workbookPart.Workbook.AppendChild(new Sheets());
            var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint sheetId = 1;
            foreach (var sheet in list)
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                worksheetPart.Worksheet = Worksheet(sheet);
                sheetsElement.Append(new Sheet
                {
                    Id = workbookPart.GetIdOfPart(worksheetPart),
                    SheetId = sheetId++,
                    Name = UniqueSheetName(sheet.Name, usedNames),
                });
            }
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    public static byte[] Write(params XlsxSheet[] sheets) => Write((IEnumerable<XlsxSheet>)sheets);

    private static Worksheet Worksheet(XlsxSheet sheet)
    {
        var data = new SheetData();
        uint rowIndex = 1;
        data.Append(Row(rowIndex++, sheet.Headers.Cast<object?>().ToList(), header: true));
        foreach (var row in sheet.Rows)
        {
            data.Append(Row(rowIndex++, row, header: false));
        }
        var worksheet = new Worksheet();
        // Keep the header row in view while scrolling a long list.
        worksheet.Append(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
        { WorkbookViewId = 0 }));
        var columns = Columns(sheet);
        if (columns.HasChildren)
        {
            worksheet.Append(columns);
        }
        worksheet.Append(data);
        return worksheet;
    }

    private static Row Row(uint index, IReadOnlyList<object?> cells, bool header)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = Cell(cells[i], header);
            if (cell is null)
            {
                continue;
            }
            cell.CellReference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(cell);
        }
        return row;
    }

    private static Cell? Cell(object? value, bool header)
    {
        Cell cell;
        switch (value)
        {
            case null:
            case Percent { Value: null }:
                return null;
            case Percent { Value: { } fraction }:
                cell = new Cell { DataType = CellValues.Number, CellValue = new CellValue(Number(Math.Round(fraction, 4))), StyleIndex = PercentStyle };
                break;
            case int or long or short or uint or ulong or double or float or decimal:
                cell = new Cell { DataType = CellValues.Number, CellValue = new CellValue(Number(Convert.ToDouble(value, CultureInfo.InvariantCulture))) };
                break;
            case bool flag:
                cell = Text(flag ? "是" : "否");
                break;
            case DateOnly date:
                cell = Text(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                cell = Text(time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                cell = Text(time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                break;
            default:
                cell = Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
        if (header)
        {
            cell.StyleIndex = HeaderStyle;
        }
        return cell;
    }

    private static Cell Text(string text) =>
        new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(CleanText(text)) { Space = SpaceProcessingModeValues.Preserve }) };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot carry most control characters; a pasted title may contain them.</summary>
    private static string CleanText(string text)
    {
        if (!text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r'))
        {
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Column widths from the longest text (a Chinese character takes about two Latin widths), capped at 60.</summary>
    private static Columns Columns(XlsxSheet sheet)
    {
        var columns = new Columns();
        for (var i = 0; i < sheet.Headers.Count; i++)
        {
            var widest = sheet.Rows.Select(r => i < r.Count ? DisplayWidth(r[i]) : 0).Append(DisplayWidth(sheet.Headers[i])).Max();
            var width = Math.Clamp(widest + 2, 8, 60);
            var index = (uint)(i + 1);
            columns.Append(new Column { Min = index, Max = index, Width = width, CustomWidth = true });
        }
        return columns;
    }

    private static int DisplayWidth(object? value)
    {
        var text = value switch
        {
            null => "",
            Percent => "100.00%",
            DateOnly => "2026-01-01",
            DateTime or DateTimeOffset => "2026-01-01 00:00",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        return text.Sum(c => c > 0x2E7F ? 2 : 1);
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    /// <summary>Excel's rules: at most 31 characters, none of <c>: \ / ? * [ ]</c>, unique in the workbook.</summary>
    public static string UniqueSheetName(string name, ISet<string> used)
    {
        ArgumentNullException.ThrowIfNull(used);
        var clean = new string((name ?? "").Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c).ToArray()).Trim().Trim('\'');
        if (clean.Length == 0)
        {
            clean = "Sheet";
        }
        if (clean.Length > 31)
        {
            clean = clean[..31];
        }
        var candidate = clean;
        for (var n = 2; !used.Add(candidate); n++)
        {
            var suffix = $"({n})";
            candidate = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return candidate;
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" }))
        { Count = 2 },
        // Excel requires the first two fills to be "none" and "gray125".
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 },
            new CellFormat { FontId = 1, FillId = 0, BorderId = 0, NumberFormatId = 0, ApplyFont = true },
            // Built-in number format 10 is "0.00%".
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 10, ApplyNumberFormat = true })
        { Count = 3 });
}
