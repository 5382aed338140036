using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SupervisionFlow.Web.Features.Exports;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Domain;

namespace SupervisionFlow.Web.Features.Import;

/// <summary>
/// Reads the import workbook: the first worksheet, headers in its first row (届次, 会次, 类型, 标题, 内容, 类别, 形成方式,
/// 领衔代表, 附议代表, 公开意见, 仅供参考, in any order; other columns are ignored), one suggestion per further row;
/// blank rows are skipped. Row numbers are the worksheet's, as Excel shows them.
/// </summary>
public static class SuggestionWorkbookReader
{
    /// <summary>Parts smaller than this are not held to the compression ratio: small XML compresses well and costs nothing.</summary>
    private const long RatioCheckedFromBytes = 1024 * 1024;

    /// <summary>The rows of the workbook; throws <see cref="ImportRejectedException"/> for a file that is not a usable workbook.</summary>
    public static IReadOnlyList<ImportRow> Read(Stream stream, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= new ImportLimits();
        // The package reader needs a seekable stream (the zip directory sits at the end). The copy is the compressed
        // file, bounded by ImportLimits.MaxFileBytes; the worksheet inside is read as a stream, row by row.
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        if (copy.Length == 0)
        {
            throw Rejected("上传的文件是空的");
        }
        copy.Position = 0;
        CheckExpansion(copy, limits);
        copy.Position = 0;
        try
        {
            using var document = SpreadsheetDocument.Open(copy, false);
            return ReadDocument(document);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            throw Rejected("文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 另存为 .xlsx 格式）");
        }
    }

    /// <summary>
    /// Refuses a zip bomb before the package is opened: the archive's directory declares each part's size, and the
    /// zip reader stops a part that inflates past what it declared, so these numbers bound what reading can cost.
    /// </summary>
    private static void CheckExpansion(Stream copy, ImportLimits limits)
    {
        long total = 0;
        try
        {
            using var zip = new ZipArchive(copy, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > RatioCheckedFromBytes && entry.Length / Math.Max(1, entry.CompressedLength) > limits.MaxCompressionRatio)
                {
                    throw Rejected("文件内容异常（压缩比过高，可能是恶意构造的文件），已拒绝导入；请用 Excel 或 WPS 重新另存为 .xlsx 后再试");
                }
                total += entry.Length;
                if (total > limits.MaxUncompressedBytes)
                {
                    throw Rejected($"文件解压后超过 {ByteSizes.Text(limits.MaxUncompressedBytes)}，请删除无关的工作表、图片或分批导入");
                }
            }
        }
        catch (InvalidDataException)
        {
            throw Rejected("文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 另存为 .xlsx 格式）");
        }
    }

    /// <summary>An empty workbook with the header row and one example row, for users to fill in.</summary>
    public static byte[] Template() =>
        XlsxWriter.Write(new XlsxSheet("建议导入", [.. ImportField.Columns.Select(c => c.Column)])
            .Add(18, 5, "大会建议", "关于……的建议", "建议内容……", "交通邮电", "专题调研", "王建国", "李秀英、张伟", "全文公开", "否"));

    private static List<ImportRow> ReadDocument(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart ?? throw Rejected("工作簿中没有工作表");
        var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw Rejected("工作簿中没有工作表");
        if (sheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart part)
        {
            throw Rejected("工作簿中没有工作表");
        }
        var shared = SharedStrings(workbook);
        Dictionary<ImportField, int>? columns = null;
        var result = new List<ImportRow>();
        var previous = 0;
        foreach (var row in Rows(part))
        {
            if (columns is null)
            {
                previous = HeaderRow(row);
                columns = Columns(row, shared, previous);
                continue;
            }
            var number = row.RowIndex?.Value is { } index ? (int)index : previous + 1;
            previous = number;
            var cells = Cells(row, shared);
            string? Get(ImportField field) => columns.TryGetValue(field, out var column) && cells.TryGetValue(column, out var text) && text.Trim().Length > 0 ? text.Trim() : null;
            if (columns.Keys.All(f => Get(f) is null))
            {
                continue;
            }
            result.Add(new ImportRow(number, Get(ImportField.Kind), Get(ImportField.Term), Get(ImportField.Session), Get(ImportField.Title),
                Get(ImportField.Content), Get(ImportField.Category), Get(ImportField.FormedBy), Get(ImportField.LeadDeputy),
                Get(ImportField.CoSigners), Get(ImportField.Disclosure), Get(ImportField.ReferenceOnly)));
            if (result.Count > SuggestionImportService.MaxRows)
            {
                throw Rejected($"一次最多导入 {SuggestionImportService.MaxRows} 条建议");
            }
        }
        if (columns is null)
        {
            throw Rejected("第一个工作表是空的");
        }
        return result;
    }

    /// <summary>
    /// The worksheet's rows, one at a time: the streaming reader walks the part's XML and only the current
    /// <c>&lt;row&gt;</c> is built as elements, so a sheet of thousands of long suggestions never sits in memory whole.
    /// </summary>
    private static IEnumerable<Row> Rows(WorksheetPart part)
    {
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(Row))
            {
                yield return (Row)reader.LoadCurrentElement()!;
            }
        }
    }

    /// <summary>The shared-string table (Excel keeps every cell text there), read item by item the same way.</summary>
    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                strings.Add(reader.LoadCurrentElement()!.InnerText);
            }
        }
        return strings;
    }

    /// <summary>Which column holds which field, from the header row; every required column must be there.</summary>
    private static Dictionary<ImportField, int> Columns(Row header, List<string> shared, int headerRow)
    {
        var columns = new Dictionary<ImportField, int>();
        foreach (var (index, text) in Cells(header, shared))
        {
            var field = ImportField.Columns.FirstOrDefault(f => f.Column == text.Trim());
            if (field is not null)
            {
                columns.TryAdd(field, index);
            }
        }
        var missing = ImportField.Columns.Where(f => f != ImportField.FormedBy && f != ImportField.CoSigners && f != ImportField.ReferenceOnly && !columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw new ImportRejectedException([.. missing.Select(f => new ImportError(headerRow, f, $"第一行缺少“{f.Column}”列"))]);
        }
        return columns;
    }

    private static int HeaderRow(Row row) => row.RowIndex?.Value is { } index ? (int)index : 1;

    /// <summary>Column index (0-based) → text, for the cells of a row that hold a value.</summary>
    private static Dictionary<int, string> Cells(Row row, List<string> shared)
    {
        var cells = new Dictionary<int, string>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
            next = column + 1;
            var text = Text(cell, shared);
            if (text is not null)
            {
                cells[column] = text;
            }
        }
        return cells;
    }

    private static string? Text(Cell cell, List<string> shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }
        var raw = cell.CellValue?.InnerText;
        if (raw is null)
        {
            return null;
        }
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : null;
        }
        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "是" : "否";
        }
        return raw;
    }

    /// <summary>"A1" → 0, "K7" → 10, "AA3" → 26.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return index - 1;
    }

    private static ImportRejectedException Rejected(string message) => new([new ImportError(0, ImportField.File, message)]);
}
