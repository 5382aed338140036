using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SupervisionFlow.Web.Tests.Features.Exports;

/// <summary>A workbook as read back by the Open XML SDK: sheet name → rows of cell texts (numbers invariant).</summary>
public sealed class XlsxReader
{
    private XlsxReader(Dictionary<string, List<List<string>>> sheets, Dictionary<string, List<bool>> headerBold)
    {
        Sheets = sheets;
        HeaderBold = headerBold;
    }

    public IReadOnlyDictionary<string, List<List<string>>> Sheets { get; }

    /// <summary>Per sheet, whether each header cell's style has a bold font.</summary>
    public IReadOnlyDictionary<string, List<bool>> HeaderBold { get; }

    public List<List<string>> this[string sheet] => Sheets[sheet];

    public static XlsxReader Open(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var fonts = stylesheet.Fonts!.Elements<Font>().ToList();
        var formats = stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        bool IsBold(Cell cell) => cell.StyleIndex is { } s && fonts[(int)(formats[(int)s.Value].FontId?.Value ?? 0)].Bold is not null;

        var sheets = new Dictionary<string, List<List<string>>>();
        var bold = new Dictionary<string, List<bool>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = new List<List<string>>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference!);
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }
                    cells.Add(Text(cell, shared));
                }
                rows.Add(cells);
                if (rows.Count == 1)
                {
                    bold[sheet.Name!] = [.. row.Elements<Cell>().Select(IsBold)];
                }
            }
            sheets[sheet.Name!] = rows;
        }
        return new XlsxReader(sheets, bold);
    }

    private static string Text(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString!.InnerText;
        }
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)];
        }
        return cell.CellValue?.Text ?? "";
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (c - 'A' + 1);
        }
        return index - 1;
    }
}
