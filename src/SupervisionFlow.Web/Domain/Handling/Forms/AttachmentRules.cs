using System.Security.Cryptography;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>
/// Which files a reply may carry: the document and image formats government offices exchange (Word/WPS, PDF, OFD,
/// spreadsheets, scans), at most <see cref="MaxFiles"/> of at most <see cref="MaxFileBytes"/> each. The content type
/// comes from this list, never from the browser, so a download is always served as what its extension says.
/// </summary>
public static class AttachmentRules
{
    public const int MaxFiles = 5;

    public const long MaxFileBytes = 20L * 1024 * 1024;

    /// <summary>The request limit of a form page that takes attachments: all files at their largest, plus the fields.</summary>
    public const long MaxRequestBytes = (MaxFiles * MaxFileBytes) + (1024 * 1024);

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".ofd"] = "application/ofd",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".wps"] = "application/vnd.ms-works",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".et"] = "application/vnd.ms-excel",
        [".txt"] = "text/plain; charset=utf-8",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".zip"] = "application/zip",
    };

    /// <summary>For the file input's <c>accept</c> attribute and the hint beside it.</summary>
    public static string AcceptList => string.Join(",", ContentTypes.Keys);

    /// <summary>
    /// Checks every file and reports each problem on <paramref name="field"/>; returns the attachments to add when all
    /// are acceptable (nothing is added otherwise, the caller throws first).
    /// </summary>
    public static List<ReplyAttachment> Check(IReadOnlyList<UploadedFile> files, FormInput input, string field, string uploadedBy, DateTime uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<string>();
        var accepted = new List<ReplyAttachment>();
        if (files.Count > MaxFiles)
        {
            problems.Add($"最多上传 {MaxFiles} 个附件，本次选择了 {files.Count} 个");
        }
        foreach (var file in files)
        {
            var name = CleanName(file.FileName);
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                problems.Add($"“{name}”的格式不能作为附件（可用：{AcceptList}）");
            }
            else if (file.Content.Length == 0)
            {
                problems.Add($"“{name}”是空文件");
            }
            else if (file.Content.Length > MaxFileBytes)
            {
                problems.Add($"“{name}”超过 {MaxFileBytes / 1024 / 1024} MB");
            }
            else if (!AttachmentSignatures.Matches(Path.GetExtension(name), file.Content))
            {
                problems.Add($"“{name}”的内容与扩展名 {Path.GetExtension(name)} 不符（文件可能已损坏或被改名），请上传原始文件");
            }
            else
            {
                accepted.Add(new ReplyAttachment
                {
                    FileName = name, ContentType = contentType, Size = file.Content.Length, Content = file.Content,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)), UploadedBy = uploadedBy, UploadedAt = uploadedAt,
                });
            }
        }
        if (problems.Count > 0)
        {
            input.Fail(field, string.Join("；", problems));
        }
        return accepted;
    }

    /// <summary>
    /// The name without any directory a browser may send (old IE sends the full path), without control characters, and
    /// short enough for the column.
    /// </summary>
    public static string CleanName(string fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length == 0)
        {
            name = "附件";
        }
        if (name.Length > 200)
        {
            var extension = Path.GetExtension(name);
            name = name[..(200 - extension.Length)] + extension;
        }
        return name;
    }
}
