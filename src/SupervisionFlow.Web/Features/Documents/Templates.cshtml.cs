using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Documents;

/// <summary>
/// <c>/Documents/Templates</c> (administrators): each document's template — where the one in use comes from, its
/// placeholders, a download to edit in Word or WPS — and the upload of a replacement, refused with the names of any
/// placeholders the document does not know.
/// </summary>
[RequestSizeLimit(DocumentOptions.MaxUploadRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = DocumentOptions.MaxUploadRequestBytes)]
[Authorize(Policy = Policies.Admin)]
public sealed class TemplatesModel(AppDbContext db, TemplateStore store, CurrentActor current, TimeProvider clock) : PageModel
{
    public sealed record TemplateRow(DocumentTemplate Template, string Source, DateTime? UploadedAt, string? UploadedBy);

    public IReadOnlyList<TemplateRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetDownloadAsync(string key, CancellationToken cancellationToken)
    {
        if (DocumentTemplates.Find(key) is not { } template)
        {
            return NotFound();
        }
        return File(await store.GetAsync(db, template, cancellationToken), ReplyLetters.DocxType, $"{template.Name}模板.docx");
    }

    public async Task<IActionResult> OnPostAsync(string key, IFormFile? file, CancellationToken cancellationToken)
    {
        if (DocumentTemplates.Find(key) is not { } template)
        {
            return NotFound();
        }
        if (file is null || file.Length == 0)
        {
            Problems = ["请选择要上传的 .docx 模板文件。"];
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var content = buffer.ToArray();
            Problems = store.Validate(template, content);
            if (Problems.Count == 0)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                db.Add(new TemplateUpload
                {
                    TemplateKey = template.Key, FileName = Path.GetFileName(file.FileName), Sha256 = TemplateStore.Sha256Of(content), Content = content,
                    UploadedBy = current.UserName, UploadedAt = now,
                });
                AuditTrail.Add(db, current.UserName, "template.uploaded", null, $"{template.Name}：{Path.GetFileName(file.FileName)}", now);
                await db.SaveChangesAsync(cancellationToken);
                Saved = $"已启用新的{template.Name}模板。";
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var uploads = await db.Set<TemplateUpload>().AsNoTracking()
            .GroupBy(t => t.TemplateKey).Select(g => g.OrderByDescending(t => t.Id).Select(t => new { t.TemplateKey, t.UploadedAt, t.UploadedBy }).First())
            .ToListAsync(cancellationToken);
        Rows = [.. DocumentTemplates.All.Select(t =>
        {
            var upload = uploads.FirstOrDefault(u => u.TemplateKey == t.Key);
            var source = upload is not null ? "管理员上传" : System.IO.File.Exists(store.FilePath(t)) ? $"workflows/templates/{t.FileName}" : "内置默认模板";
            return new TemplateRow(t, source, upload?.UploadedAt, upload?.UploadedBy);
        })];
    }
}
