using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Domain.Documents;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Documents;

/// <summary>The 答复函 over HTTP: who may fetch it and when, the sealed scan's upload, and the template admin page.</summary>
public sealed class ReplyLetterDownloadTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% sealed\n%%EOF\n");

    private WebWorld _world = null!;

    public async Task InitializeAsync() => _world = await WebWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Letter_OnlyThoseWhoMaySeeTheSuggestion_DeputiesOnlyOnceDeliveredAndNeverADraft()
    {
        var (id, replyId) = await AtSignOffAsync();
        var url = $"/Documents/ReplyLetter/{replyId}";
        var deputy = await _world.ClientAsAsync("deputy1");

        var draft = await (await _world.ClientAsAsync("jtj.head")).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Contains("草稿", draft.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        Assert.Contains("（签发后自动编号）", DocxTestFiles.BodyText(await draft.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        AssertRefused(await (await _world.ClientAsAsync("gaj.staff")).GetAsync(url));
        AssertRefused(await (await _world.ClientAsAsync("deputy3")).GetAsync(url));
        AssertRefused(await deputy.GetAsync(url));

        await _world.CompleteAsync(id, "signOff", SuggestionWalk.Head("jtj"), SuggestionWalk.Json(new { signedBy = "赵局长" }));
        await _world.AdvanceAsync(TimeSpan.FromMinutes(1));

        var final = await deputy.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        var text = DocxTestFiles.BodyText(await final.Content.ReadAsByteArrayAsync());
        Assert.Contains("复〔2026〕1号", text, StringComparison.Ordinal);
        Assert.DoesNotContain("草稿", text, StringComparison.Ordinal);
        AssertRefused(await (await _world.ClientAsAsync("deputy3")).GetAsync(url));
        Assert.Contains($"href=\"{url}?kind=final\"", await deputy.GetStringAsync($"/Portal/Suggestion/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealedScan_UploadedByTheUnit_IsWhatTheDeputyGets_AndTheFinalLetterStaysAsIssued()
    {
        var (id, replyId) = await AtSignOffAsync();
        var url = $"/Documents/ReplyLetter/{replyId}";
        var staff = await _world.ClientAsAsync("jtj.staff");

        Assert.Equal(HttpStatusCode.Redirect, (await PostScanAsync(staff, id, url, Pdf)).StatusCode);
        Assert.Empty(await ScansAsync(replyId)); // not signed yet: refused with a message
        await _world.CompleteAsync(id, "signOff", SuggestionWalk.Head("jtj"), SuggestionWalk.Json(new { signedBy = "赵局长" }));
        await _world.AdvanceAsync(TimeSpan.FromMinutes(1));
        var issued = await _world.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ReplyDocument>().AsNoTracking().SingleAsync(d => d.ReplyId == replyId));

        await PostScanAsync(staff, id, url, Encoding.ASCII.GetBytes("MZ not a pdf"));
        Assert.Empty(await ScansAsync(replyId));
        AssertRefused(await PostScanAsync(await _world.ClientAsAsync("gaj.staff"), id, url, Pdf, tokenFrom: "/Inbox"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostScanAsync(staff, id, url, Pdf)).StatusCode);

        var scan = Assert.Single(await ScansAsync(replyId));
        Assert.Equal(TemplateStore.Sha256Of(Pdf), scan.Sha256);
        var deputy = await _world.ClientAsAsync("deputy1");
        var seen = await deputy.GetAsync(url);
        Assert.Equal("application/pdf", seen.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await seen.Content.ReadAsByteArrayAsync());
        var final = await (await deputy.GetAsync($"{url}?kind=final")).Content.ReadAsByteArrayAsync();
        Assert.Equal(issued.Sha256, TemplateStore.Sha256Of(final));
    }

    [Fact]
    public async Task TemplatePage_RefusesAnUnknownPlaceholderByName_AndUsesAnAcceptedTemplate()
    {
        var admin = await _world.ClientAsAsync("sysadmin");
        var refused = await PostTemplateAsync(admin, DocxTestFiles.WithRuns("{{文号}} {{局长", "签名}}"));
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("模板中有未知的占位符“{{局长签名}}”", page, StringComparison.Ordinal);
        Assert.Equal(0, await _world.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<TemplateUpload>().CountAsync()));

        var accepted = await PostTemplateAsync(admin, DocxTestFiles.WithRuns("本单位答复函 {{文", "号}} 致{{代表姓名}}代表"));
        Assert.Contains("已启用新的答复函模板", WebUtility.HtmlDecode(await accepted.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var (_, replyId) = await AtSignOffAsync();
        var draft = await (await _world.ClientAsAsync("jtj.head")).GetByteArrayAsync($"/Documents/ReplyLetter/{replyId}");
        Assert.Equal("本单位答复函 （签发后自动编号） 致王建国、李秀英代表", DocxTestFiles.BodyText(draft).Trim());
    }

    private async Task<(int Id, int ReplyId)> AtSignOffAsync()
    {
        var id = await _world.AssignedAsync("jtj", "关于完善公交站台无障碍设施的建议");
        var unit = SuggestionWalk.Unit("jtj");
        await _world.CompleteAsync(id, "acknowledge", unit, SuggestionWalk.Json(new { ackDecision = "accept" }));
        await _world.CompleteAsync(id, "plan", unit, SuggestionWalk.Json(new { handlerName = "刘经办", plan = "实地调研后制定改造计划。", plannedCompletionOn = "2026-05-20" }));
        await _world.CompleteAsync(id, "visitBefore", unit, SuggestionWalk.Json(new { contactedOn = _world.Today(), method = "上门拜访", summary = "听取代表意见。" }));
        await _world.CompleteAsync(id, "visitDuring", unit, SuggestionWalk.Json(new { contactedOn = _world.Today(), method = "电话", summary = "通报进展。" }));
        await _world.CompleteAsync(id, "draftReply", unit, SuggestionWalk.Json(new { resultClass = "A", text = "经研究，已完成12处站台无障碍改造。" }));
        var replyId = await _world.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Reply>().Where(r => r.SuggestionId == id).Select(r => r.Id).SingleAsync());
        return (id, replyId);
    }

    private static async Task<HttpResponseMessage> PostScanAsync(HttpClient client, int id, string url, byte[] content, string? tokenFrom = null)
    {
        var token = await client.TokenAsync(tokenFrom ?? $"/Suggestions/{id}");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "scan", "盖章答复函.pdf");
        return await client.PostAsync(url, form);
    }

    private static async Task<HttpResponseMessage> PostTemplateAsync(HttpClient client, byte[] docx)
    {
        var token = await client.TokenAsync("/Documents/Templates");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("reply-letter"), "key" } };
        form.Add(new ByteArrayContent(docx), "file", "答复函.docx");
        return await client.PostAsync("/Documents/Templates", form);
    }

    private Task<List<ReplyDocument>> ScansAsync(int replyId) =>
        _world.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ReplyDocument>().AsNoTracking()
            .Where(d => d.ReplyId == replyId && d.Kind == ReplyDocumentKind.SealedScan).ToListAsync());

    private static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.PathAndQuery.StartsWith("/Auth/AccessDenied", StringComparison.Ordinal) == true),
            $"expected refusal, got {(int)response.StatusCode} {response.Headers.Location}");
}
