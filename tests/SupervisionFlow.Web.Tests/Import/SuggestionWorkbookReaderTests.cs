using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SupervisionFlow.Web.Features.Exports;
using SupervisionFlow.Web.Features.Import;

namespace SupervisionFlow.Web.Tests.Import;

public sealed class SuggestionWorkbookReaderTests
{
    private static readonly string[] Headers = ["届次", "会次", "类型", "标题", "内容", "类别", "形成方式", "领衔代表", "附议代表", "公开意见", "仅供参考"];

    [Fact]
    public void Read_TwoThousandRowsSavedTheWayExcelDoes_ReadsEveryRowInOrder()
    {
        const int count = 2000;
        var bytes = ExcelStyleWorkbook(count, blankRowAt: 1000);

        var rows = SuggestionWorkbookReader.Read(new MemoryStream(bytes));

        Assert.Equal(count, rows.Count);
        // Worksheet row numbers as Excel shows them: the header is row 1, the blank row 1002 is skipped.
        Assert.Equal([.. Enumerable.Range(2, 1000), .. Enumerable.Range(1003, 1000)], rows.Select(r => r.RowNumber));
        var last = rows[^1];
        Assert.Equal($"关于第{count}项民生实事的建议", last.Title);
        Assert.Equal("18", last.Term);
        Assert.Equal("大会建议", last.Kind);
        Assert.Equal("李秀英、张伟", last.CoSigners);
        Assert.Equal(600, last.Content!.Length);
        Assert.Equal(count, rows.Select(r => r.Title).Distinct().Count());
    }

    [Fact]
    public void Read_ExportedWorkbook_ReadsBackEveryCellThroughTheImportReader()
    {
        var sheet = new XlsxSheet("代表建议", Headers);
        for (var i = 1; i <= 2000; i++)
        {
            sheet.Add(18, 5, "闭会建议", $"关于第{i}条道路改造的建议", "建议……\n分两期实施", "城乡建设与管理", null, i % 7 + 1, null, "全文公开", i % 2 == 0);
        }

        var rows = SuggestionWorkbookReader.Read(new MemoryStream(XlsxWriter.Write(sheet)));

        Assert.Equal(2000, rows.Count);
        var row = rows[1];
        Assert.Equal(new ImportRow(3, "闭会建议", "18", "5", "关于第2条道路改造的建议", "建议……\n分两期实施", "城乡建设与管理", null, "3", null, "全文公开", "是"), row);
        Assert.Equal("否", rows[0].ReferenceOnly);
        Assert.Equal(2001, rows[^1].RowNumber);
    }

    [Fact]
    public void Read_MoreRowsThanTheLimit_IsRejectedAsAWhole()
    {
        var bytes = ExcelStyleWorkbook(SuggestionImportService.MaxRows + 1, blankRowAt: null);

        var rejected = Assert.Throws<ImportRejectedException>(() => SuggestionWorkbookReader.Read(new MemoryStream(bytes)));

        Assert.Equal($"一次最多导入 {SuggestionImportService.MaxRows} 条建议", Assert.Single(rejected.Errors).Message);
    }

    /// <summary>
    /// A workbook as Excel saves it — every text in the shared-string table, cells referenced by address, no
    /// whitespace between rows — written part by part with the SDK's streaming writer.
    /// </summary>
    private static byte[] ExcelStyleWorkbook(int count, int? blankRowAt)
    {
        var strings = new List<string>();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        int Shared(string text)
        {
            if (!indexes.TryGetValue(text, out var index))
            {
                index = strings.Count;
                indexes[text] = index;
                strings.Add(text);
            }
            return index;
        }

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                var rowNumber = 1;
                WriteRow(writer, rowNumber++, [.. Headers.Select(Shared)]);
                for (var i = 1; i <= count; i++)
                {
                    if (i == blankRowAt + 1)
                    {
                        WriteRow(writer, rowNumber++, []);
                    }
                    string[] cells = ["18", "5", "大会建议", $"关于第{i}项民生实事的建议", new string('民', 600), "交通邮电", "专题调研", "王建国", "李秀英、张伟", "全文公开", "否"];
                    WriteRow(writer, rowNumber++, [.. cells.Select(Shared)]);
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s))));
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Sheet1" }));
        }
        return stream.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, int rowNumber, int[] sharedIndexes)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)rowNumber });
        for (var c = 0; c < sharedIndexes.Length; c++)
        {
            writer.WriteElement(new Cell
            {
                CellReference = XlsxWriter.ColumnName(c) + rowNumber.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.SharedString,
                CellValue = new CellValue(sharedIndexes[c].ToString(CultureInfo.InvariantCulture)),
            });
        }
        writer.WriteEndElement();
    }
}
