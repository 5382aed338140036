using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Suggestions;

namespace SupervisionFlow.Web.Features.Documents;

/// <summary>
/// <c>/Documents/ReplyLetter/{replyId}</c>: the reply's 答复函 — the sealed scan when the unit uploaded one, else the
/// final letter issued at sign-off, else (not to deputies) a draft from the current template. <c>?kind=final</c> asks
/// for the issued .docx even when a scan exists. POST uploads the sealed scan (PDF) as the reply's unit.
/// </summary>
[RequestSizeLimit(DocumentOptions.MaxUploadRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = DocumentOptions.MaxUploadRequestBytes)]
[Authorize(Policy = Policies.SignedIn)]
public sealed class ReplyLetterModel(AppDbContext db, CurrentActor current, ReplyLetters letters, TimeProvider clock, IOptions<DocumentOptions> options) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int replyId, string? kind, CancellationToken cancellationToken)
    {
        var (reply, perspective) = await ReplyLetterAccess.LoadAsync(db, current.Actor, replyId, cancellationToken);
        if (reply is null)
        {
            return NotFound();
        }
        if (perspective is null)
        {
            return Forbid();
        }
        var documents = db.Set<ReplyDocument>().AsNoTracking().Where(d => d.ReplyId == replyId);
        if (kind != "final")
        {
            documents = documents.OrderByDescending(d => d.Kind == ReplyDocumentKind.SealedScan).ThenByDescending(d => d.Id);
        }
        else
        {
            documents = documents.Where(d => d.Kind == ReplyDocumentKind.Final);
        }
        var stored = await documents.FirstOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            return File(stored.Content, stored.ContentType, stored.FileName);
        }
        if (perspective == SuggestionPerspective.Deputy)
        {
            return NotFound();
        }
        var suggestion = await db.Set<Suggestion>().AsNoTracking().FirstAsync(s => s.Id == reply.SuggestionId, cancellationToken);
        var draft = await letters.DraftAsync(db, suggestion, reply, ChinaTime.Today(clock), cancellationToken);
        return File(draft, ReplyLetters.DocxType, $"答复函（草稿）-第{suggestion.Number}号.docx");
    }

    public async Task<IActionResult> OnPostAsync(int replyId, IFormFile? scan, CancellationToken cancellationToken)
    {
        var (reply, perspective) = await ReplyLetterAccess.LoadAsync(db, current.Actor, replyId, cancellationToken);
        if (reply is null)
        {
            return NotFound();
        }
        if (perspective is null || !ReplyLetterAccess.MayUploadScan(current.Actor, reply))
        {
            return Forbid();
        }
        var back = $"/Suggestions/{reply.SuggestionId}";
        if (!await db.Set<ReplyDocument>().AnyAsync(d => d.ReplyId == replyId && d.Kind == ReplyDocumentKind.Final, cancellationToken))
        {
            return Message(back, "答复尚未签发，签发后才能上传盖章扫描件。");
        }
        if (scan is null || scan.Length == 0)
        {
            return Message(back, "请选择盖章答复函的 PDF 扫描件。");
        }
        if (scan.Length > options.Value.MaxScanBytes)
        {
            return Message(back, $"扫描件超过 {Domain.ByteSizes.Text(options.Value.MaxScanBytes)}。");
        }
        using var buffer = new MemoryStream();
        await scan.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        // The bytes decide, not the name or the browser's type: a PDF starts with %PDF-.
        if (content.Length < 5 || !content.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return Message(back, "扫描件须为 PDF 文件。");
        }
        db.Add(new ReplyDocument
        {
            SuggestionId = reply.SuggestionId, ReplyId = reply.Id, UnitId = reply.UnitId, Kind = ReplyDocumentKind.SealedScan,
            FileName = $"答复函盖章件-{reply.SuggestionId}-{reply.Id}.pdf", ContentType = "application/pdf", Size = content.Length,
            Sha256 = TemplateStore.Sha256Of(content), Content = content, CreatedBy = current.UserName, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        Domain.Handling.AuditTrail.Add(db, current.UserName, "reply.sealed-scan", reply.SuggestionId, $"答复 {reply.Id} 的盖章扫描件", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return Message(back, "已上传盖章扫描件，代表将看到此件。");
    }

    private RedirectResult Message(string back, string text)
    {
        TempData["DocumentMessage"] = text;
        return Redirect(back);
    }
}
