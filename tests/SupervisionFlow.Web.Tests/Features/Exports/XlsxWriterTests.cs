using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using SupervisionFlow.Web.Features.Exports;

namespace SupervisionFlow.Web.Tests.Features.Exports;

public sealed class XlsxWriterTests
{
    [Fact]
    public void Write_TwoSheets_ReadsBackWithChineseNamesBoldHeadersAndValues()
    {
        var bytes = XlsxWriter.Write(
            new XlsxSheet("按类别", "类别", "件数", "占比").Add("教科文卫体", 121, new Percent(0.1806)).Add("交通邮电", 80, new Percent(null)),
            new XlsxSheet("超期未答复", "编号", "答复期限", "重点").Add("第3号", new DateOnly(2026, 6, 2), true));

        var book = XlsxReader.Open(bytes);
        Assert.Equal(["按类别", "超期未答复"], book.Sheets.Keys);
        Assert.Equal(["类别", "件数", "占比"], book["按类别"][0]);
        Assert.Equal(["教科文卫体", "121", "0.1806"], book["按类别"][1]);
        Assert.Equal(["交通邮电", "80"], book["按类别"][2]);
        Assert.All(book.HeaderBold["按类别"], Assert.True);
        Assert.Equal(["第3号", "2026-06-02", "是"], book["超期未答复"][1]);
    }

    [Fact]
    public void Write_Workbook_PassesOpenXmlValidation()
    {
        var bytes = XlsxWriter.Write(new XlsxSheet("承办单位考核", "单位", "率").Add("市交通运输局", new Percent(0.5)).Add("=1+1\u0001", 3.25m));
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        // A formula-looking title stays text (inline string), control characters are dropped.
        Assert.Equal(["=1+1", "3.25"], XlsxReader.Open(bytes)["承办单位考核"][2]);
    }

    [Theory]
    [InlineData("按类别", "按类别")]
    [InlineData("a/b:c?[d]*", "a_b_c__d__")]
    [InlineData("", "Sheet")]
    public void UniqueSheetName_InvalidCharacters_AreReplaced(string name, string expected) =>
        Assert.Equal(expected, XlsxWriter.UniqueSheetName(name, new HashSet<string>()));

    [Fact]
    public void UniqueSheetName_LongAndRepeated_StaysWithin31CharactersAndUnique()
    {
        var used = new HashSet<string>();
        var first = XlsxWriter.UniqueSheetName(new string('表', 40), used);
        var second = XlsxWriter.UniqueSheetName(new string('表', 40), used);
        Assert.Equal(31, first.Length);
        Assert.True(second.Length <= 31);
        Assert.NotEqual(first, second);
        Assert.EndsWith("(2)", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    public void ColumnName_Index_IsExcelLetters(int index, string expected) => Assert.Equal(expected, XlsxWriter.ColumnName(index));

    [Fact]
    public void AssignmentList_Rows_NumberedWithModeAndDeadline()
    {
        var sheet = AssignmentListWorkbook.Sheet([
            new AssignmentListRow("第1号", "关于优化公交线网的建议", "交通邮电", "王建国", "市交通运输局", ["市公安局"], false, true, new DateOnly(2026, 6, 2)),
            new AssignmentListRow("第2号", "关于老旧小区改造的建议", "城乡建设与管理", "李秀英", "市住房和城乡建设局", [], false, false, new DateOnly(2026, 6, 2)),
        ]);
        var rows = XlsxReader.Open(XlsxWriter.Write(sheet))["交办清单"];
        Assert.Equal(3, rows.Count);
        Assert.Equal(["1", "第1号", "关于优化公交线网的建议", "交通邮电", "王建国", "市交通运输局", "市公安局", "主办+会办", "是", "2026-06-02"], rows[1]);
        Assert.Equal("主办", rows[2][7]);
        Assert.Equal(2.ToString(CultureInfo.InvariantCulture), rows[2][0]);
    }
}
