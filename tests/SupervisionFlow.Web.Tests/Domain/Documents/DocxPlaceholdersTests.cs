using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Documents;

public sealed class DocxPlaceholdersTests
{
    private static readonly TemplateStore _store = new(Options.Create(new DocumentOptions()), new Environment());

    [Fact]
    public void Fill_PlaceholderSplitAcrossRuns_IsReplacedWhole()
    {
        var template = DocxTestFiles.WithRuns("文号：{", "{文", "号}", "}，代表：{{代表", "姓名}}。");

        var filled = TemplateStore.Render(template, new Dictionary<string, string> { ["文号"] = "市交通运输局复〔2026〕7号", ["代表姓名"] = "王建国" }, null);

        Assert.Equal("文号：市交通运输局复〔2026〕7号，代表：王建国。", DocxTestFiles.BodyText(filled).Trim());
        Assert.Empty(DocxTestFiles.Placeholders(filled));
    }

    [Fact]
    public void Find_NamesSplitAcrossRuns_AreFoundOnce()
    {
        var template = DocxTestFiles.WithRuns("{{单位", "名称}} 和 {{单位名称}} 与 {{ 日期 }}");

        Assert.Equal(["单位名称", "日期"], DocxTestFiles.Placeholders(template));
    }

    [Fact]
    public void Fill_MultiLineValue_BecomesLineBreaks()
    {
        var template = DocxTestFiles.WithRuns("{{答复正文}}");

        var filled = TemplateStore.Render(template, new Dictionary<string, string> { ["答复正文"] = "第一段。\n第二段。" }, null);

        using var stream = new MemoryStream(filled);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, false);
        Assert.Single(document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Break>());
        Assert.Contains("第一段。第二段。", DocxTestFiles.BodyText(filled), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPlaceholder_IsRefusedNamingIt()
    {
        var template = DocxTestFiles.WithRuns("{{文号}} {{局长", "签名}}");

        var problems = _store.Validate(DocumentTemplates.ReplyLetter, template);

        var problem = Assert.Single(problems);
        Assert.Contains("未知的占位符“{{局长签名}}”", problem, StringComparison.Ordinal);
        Assert.Contains("{{签发人}}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KnownPlaceholdersOnly_IsAccepted() =>
        Assert.Empty(_store.Validate(DocumentTemplates.ReplyLetter, DocxTestFiles.WithRuns("{{文号}}", "{{签发人}}")));

    [Fact]
    public void Validate_NotAWordFile_IsRefused()
    {
        var problem = Assert.Single(_store.Validate(DocumentTemplates.ReplyLetter, "not a docx"u8.ToArray()));
        Assert.Contains("不是有效的 Word 文档", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reply-letter")]
    [InlineData("assignment-letter")]
    [InlineData("deputy-letter")]
    [InlineData("annual-report")]
    public void DefaultTemplate_UsesKnownPlaceholdersAndDeclaresChineseFont(string key)
    {
        var template = DocumentTemplates.Find(key)!;
        var bytes = template.BuildDefault();

        Assert.Empty(_store.Validate(template, bytes));
        Assert.Equal("仿宋_GB2312", DocxTestFiles.DefaultEastAsiaFont(bytes));
        Assert.NotEmpty(DocxTestFiles.Placeholders(bytes));
    }

    [Theory]
    [InlineData("reply-letter")]
    [InlineData("assignment-letter")]
    [InlineData("deputy-letter")]
    [InlineData("annual-report")]
    public void CommittedTemplate_HasTheBuiltInDefaultsPlaceholders(string key)
    {
        var template = DocumentTemplates.Find(key)!;
        var path = Path.Combine(RepoPaths.Workflows, "templates", template.FileName);
        // SF_WRITE_TEMPLATES=1 (re)writes workflows/templates from the built-in defaults: the committed files are ours.
        if (System.Environment.GetEnvironmentVariable("SF_WRITE_TEMPLATES") == "1")
        {
            File.WriteAllBytes(path, template.BuildDefault());
        }

        var committed = File.ReadAllBytes(path);

        Assert.Equal(DocxTestFiles.Placeholders(template.BuildDefault()), DocxTestFiles.Placeholders(committed));
        Assert.Empty(_store.Validate(template, committed));
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = RepoPaths.Root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
