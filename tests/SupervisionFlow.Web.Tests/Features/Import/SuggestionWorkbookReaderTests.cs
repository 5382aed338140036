using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SupervisionFlow.Web.Features.Exports;
using SupervisionFlow.Web.Features.Import;

namespace SupervisionFlow.Web.Tests.Features.Import;

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

    [Fact]
    public void Read_TemplateWithAHundredMegabytesOfSpacesInItsSheet_RefusedBeforeTheSheetIsRead()
    {
        var bomb = PaddedTemplate(100 * 1024 * 1024);
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        var rejected = Assert.Throws<ImportRejectedException>(() => SuggestionWorkbookReader.Read(new MemoryStream(bomb), new ImportLimits { MaxUncompressedBytes = 1L << 40 }));

        Assert.StartsWith("文件内容异常（压缩比过高", Assert.Single(rejected.Errors).Message, StringComparison.Ordinal);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes");
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) - memoryBefore < 50 * 1024 * 1024, "the sheet was inflated");
    }

    [Fact]
    public void Read_MoreUncompressedThanConfigured_RefusedWithTheLimitInChinese()
    {
        var padded = PaddedTemplate(3 * 1024 * 1024);

        var rejected = Assert.Throws<ImportRejectedException>(() => SuggestionWorkbookReader.Read(new MemoryStream(padded), new ImportLimits { MaxUncompressedBytes = 2 * 1024 * 1024, MaxCompressionRatio = int.MaxValue }));

        Assert.Equal("文件解压后超过 2 MB，请删除无关的工作表、图片或分批导入", Assert.Single(rejected.Errors).Message);
    }

    [Fact]
    public void Read_PaddedSheetWithinTheLimits_StillReads()
    {
        var padded = PaddedTemplate(2 * 1024 * 1024);

        var rows = SuggestionWorkbookReader.Read(new MemoryStream(padded), new ImportLimits { MaxCompressionRatio = int.MaxValue });

        Assert.Single(rows);
    }

    /// <summary>The import template with <paramref name="spaces"/> spaces written into its first sheet before &lt;sheetData&gt;'s rows.</summary>
    internal static byte[] PaddedTemplate(int spaces)
    {
        using var output = new MemoryStream();
        using (var source = new System.IO.Compression.ZipArchive(new MemoryStream(SuggestionWorkbookReader.Template())))
        using (var target = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName).Open();
                if (!entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
                {
                    from.CopyTo(to);
                    continue;
                }
                var xml = new StreamReader(from).ReadToEnd();
                var sheetData = xml.IndexOf("sheetData>", StringComparison.Ordinal);
                Assert.True(sheetData > 0, "the template's sheet has a <sheetData>");
                var at = sheetData + "sheetData>".Length;
                to.Write(System.Text.Encoding.UTF8.GetBytes(xml[..at]));
                var block = new byte[1024 * 1024];
                Array.Fill(block, (byte)' ');
                for (var left = spaces; left > 0; left -= block.Length)
                {
                    to.Write(block, 0, Math.Min(left, block.Length));
                }
                to.Write(System.Text.Encoding.UTF8.GetBytes(xml[at..]));
            }
        }
        return output.ToArray();
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
