using System.IO.Packaging;
using System.Security.Cryptography;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>
/// Finds the template of a document kind — the latest upload (in the database, so every node uses it), else the file
/// under <see cref="DocumentOptions.TemplatesPath"/>, else the built-in default — and renders documents from it.
/// </summary>
public sealed class TemplateStore(IOptions<DocumentOptions> options, IHostEnvironment environment)
{
    public async Task<byte[]> GetAsync(DbContext db, DocumentTemplate template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(template);
        var uploaded = await db.Set<TemplateUpload>().AsNoTracking().Where(t => t.TemplateKey == template.Key)
            .OrderByDescending(t => t.Id).Select(t => t.Content).FirstOrDefaultAsync(cancellationToken);
        if (uploaded is not null)
        {
            return uploaded;
        }
        var file = FilePath(template);
        return File.Exists(file) ? await File.ReadAllBytesAsync(file, cancellationToken) : template.BuildDefault();
    }

    public string FilePath(DocumentTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Path.Combine(Path.GetFullPath(options.Value.TemplatesPath, environment.ContentRootPath), template.FileName);
    }

    /// <summary>Fills a template: text placeholders from <paramref name="values"/>, block placeholders with tables.</summary>
    public async Task<byte[]> RenderAsync(
        DbContext db, DocumentTemplate template, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, Func<IEnumerable<OpenXmlElement>>>? blocks, CancellationToken cancellationToken)
    {
        var bytes = await GetAsync(db, template, cancellationToken);
        return Render(bytes, values, blocks);
    }

    public static byte[] Render(byte[] template, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, Func<IEnumerable<OpenXmlElement>>>? blocks)
    {
        ArgumentNullException.ThrowIfNull(template);
        using var stream = new MemoryStream();
        stream.Write(template);
        using (var document = WordprocessingDocument.Open(stream, isEditable: true))
        {
            DocxPlaceholders.Fill(document, values, blocks);
            document.MainDocumentPart?.Document?.Save();
            foreach (var header in document.MainDocumentPart?.HeaderParts ?? [])
            {
                header.Header?.Save();
            }
            foreach (var footer in document.MainDocumentPart?.FooterParts ?? [])
            {
                footer.Footer?.Save();
            }
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Checks an uploaded template: a Word document within the size limit whose placeholders are all known to its
    /// kind. Returns the problems in Chinese, naming the unknown placeholders; none means it may be stored.
    /// </summary>
    public IReadOnlyList<string> Validate(DocumentTemplate template, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            return ["模板文件为空。"];
        }
        if (content.Length > options.Value.MaxTemplateBytes)
        {
            return [$"模板文件超过 {ByteSizes.Text(options.Value.MaxTemplateBytes)}。"];
        }
        IReadOnlyList<string> found;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            if (document.MainDocumentPart?.Document?.Body is null)
            {
                return ["模板不是有效的 Word 文档（缺少正文）。"];
            }
            found = DocxPlaceholders.Find(document);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or InvalidOperationException or System.Xml.XmlException)
        {
            return ["模板不是有效的 Word 文档（.docx），请在 Word 或 WPS 中另存为 .docx 后再上传。"];
        }
        var problems = found.Where(name => !template.Knows(name))
            .Select(name => $"模板中有未知的占位符“{{{{{name}}}}}”，{template.Name}可用的占位符：{string.Join("、", template.AllPlaceholders.Select(p => $"{{{{{p}}}}}"))}。")
            .ToList();
        return problems;
    }

    public static string Sha256Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
