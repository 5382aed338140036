using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.Suggestions;
using static SupervisionFlow.Web.Features.Shared.WebPages;

namespace SupervisionFlow.Web.Features.Documents;

/// <summary>
/// The 答复函 box of a suggestion: per reply its letter (draft link before sign-off, 文号 and SHA-256 after), the sealed
/// scan when uploaded, and for the reply's unit the scan upload — except inside a task form (<c>withUpload: false</c>),
/// where a form of its own would be nested in the task's and end it early. Deputies see only delivered replies, the scan first.
/// </summary>
public sealed class ReplyLettersViewComponent(AppDbContext db, CurrentActor current, IAntiforgery antiforgery) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int suggestionId, bool withUpload = true)
    {
        var token = HttpContext.RequestAborted;
        var actor = current.Actor;
        var (_, perspective) = await SuggestionScope.For(actor).LoadAsync(db, suggestionId, token);
        if (perspective is null)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var deputy = perspective == SuggestionPerspective.Deputy;
        var replies = await db.Set<Reply>().AsNoTracking().Where(r => r.SuggestionId == suggestionId && (!deputy || r.DeliveredAt != null))
            .OrderBy(r => r.Id).ToListAsync(token);
        if (replies.Count == 0)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var ids = replies.Select(r => r.Id).ToList();
        var documents = await db.Set<ReplyDocument>().AsNoTracking().Where(d => ids.Contains(d.ReplyId))
            .Select(d => new { d.Id, d.ReplyId, d.Kind, d.DocumentNumber, d.Sha256, d.CreatedAt }).ToListAsync(token);
        var units = await Domain.Directory.UnitNames.AllAsync(db, token);
        var html = new StringBuilder("<section class=\"card reply-letters\" data-testid=\"reply-letters\"><h2>答复函</h2>");
        if (TempData["DocumentMessage"] is string message)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"alert-info\" role=\"status\">{Html.Encode(message)}</p>");
        }
        html.Append("<ul>");
        foreach (var reply in replies)
        {
            var final = documents.Where(d => d.ReplyId == reply.Id && d.Kind == ReplyDocumentKind.Final).MaxBy(d => d.Id);
            var scan = documents.Where(d => d.ReplyId == reply.Id && d.Kind == ReplyDocumentKind.SealedScan).MaxBy(d => d.Id);
            var url = $"/Documents/ReplyLetter/{reply.Id.ToString(CultureInfo.InvariantCulture)}";
            html.Append(CultureInfo.InvariantCulture, $"<li>{Html.Encode(units.GetValueOrDefault(reply.UnitId, reply.UnitId))}（第{reply.Round}轮，{Html.Encode(reply.ResultClass)}类）：");
            if (scan is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<a href=\"{url}\" data-testid=\"reply-letter-scan\">盖章答复函（PDF）</a> ");
            }
            if (final is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<a href=\"{url}?kind=final\" data-testid=\"reply-letter-final\">{Html.Encode(final.DocumentNumber ?? "答复函")}（Word）</a>");
                if (!deputy)
                {
                    html.Append(CultureInfo.InvariantCulture, $" <span class=\"muted\" title=\"签发时生成的文件的 SHA-256，之后不再改变\">SHA-256 {Html.Encode(final.Sha256[..16])}…</span>");
                }
            }
            else if (!deputy && reply.SignedAt is null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<a href=\"{url}\" data-testid=\"reply-letter-draft\">答复函草稿（Word）</a> <span class=\"muted\">签发后生成正式文号</span>");
            }
            if (withUpload && final is not null && ReplyLetterAccess.MayUploadScan(actor, reply))
            {
                var tokens = antiforgery.GetAndStoreTokens(HttpContext);
                html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{url}\" enctype=\"multipart/form-data\" class=\"inline-form\">")
                    .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{Html.Encode(tokens.FormFieldName)}\" value=\"{Html.Encode(tokens.RequestToken ?? "")}\" />")
                    .Append("<label>盖章扫描件（PDF）<input type=\"file\" name=\"scan\" accept=\".pdf,application/pdf\" data-testid=\"reply-letter-scan-file\" /></label> ")
                    .Append("<button type=\"submit\" class=\"btn\" data-testid=\"reply-letter-scan-upload\">上传</button></form>");
            }
            html.Append("</li>");
        }
        html.Append("</ul></section>");
        return new HtmlContentViewComponentResult(new HtmlString(html.ToString()));
    }
}
