using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Attachments;

/// <summary>
/// Reply attachments end to end over HTTP: uploaded with the reply form as a browser sends it (multipart), stored with
/// the reply in one transaction, listed on the suggestion page, the sign-off form and the deputy's reply letter, and
/// downloaded only by those who may see the suggestion.
/// </summary>
public sealed class ReplyAttachmentTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    private static readonly byte[] Photo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private WebWorld _world = null!;

    public async Task InitializeAsync() => _world = await WebWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Reply_WithTwoFiles_StoresThemWithTheReplyAndListsThemForTheOffice()
    {
        var id = await AtDraftReplyAsync();
        var unit = await _world.ClientAsAsync("jtj.staff");

        var response = await PostReplyAsync(unit, id, ("答复函（签章）.pdf", Pdf), ("现场照片.png", Photo));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal(["答复函（签章）.pdf", "现场照片.png"], stored.Select(a => a.FileName));
        Assert.Equal(["application/pdf", "image/png"], stored.Select(a => a.ContentType));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), stored[0].Sha256);
        var replyId = await _world.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Reply>().Where(r => r.SuggestionId == id).Select(r => r.Id).SingleAsync());
        Assert.All(stored, a => Assert.Equal(replyId, a.ReplyId));
        Assert.All(stored, a => Assert.Equal("jtj.staff", a.UploadedBy));

        var page = await (await _world.ClientAsAsync("lgw")).GetStringAsync($"/Suggestions/{id}");
        Assert.Contains($"href=\"/Attachments/{stored[0].Id}\"", page);
        Assert.Contains("答复函（签章）.pdf", page);
        Assert.Contains("现场照片.png", page);
    }

    [Fact]
    public async Task Download_Office_GetsTheSameBytesAsADownloadOfTheTypeDecidedOnUpload()
    {
        var id = await AtDraftReplyAsync();
        await PostReplyAsync(await _world.ClientAsAsync("jtj.staff"), id, ("答复函.pdf", Pdf));
        var attachment = (await StoredAsync(id)).Single();

        var response = await (await _world.ClientAsAsync("lgw")).GetAsync($"/Attachments/{attachment.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("答复函.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Reply_AttachmentLargerThanTheGeneralRequestLimit_IsAcceptedUnderTheFormsOwnLimit()
    {
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?> { ["Limits:MaxRequestBodyBytes"] = "51200" });
        var id = await AtDraftReplyAsync(world);
        byte[] large = [.. Pdf, .. new byte[100_000]];

        var response = await PostReplyAsync(world, await world.ClientAsAsync("jtj.staff"), id, ("答复函.pdf", large));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(large.Length, Assert.Single(await StoredAsync(world, id)).Size);
    }

    [Fact]
    public async Task Reply_WithAForbiddenOrEmptyFile_IsRejectedBesideTheFieldAndNothingIsSaved()
    {
        var id = await AtDraftReplyAsync();
        var unit = await _world.ClientAsAsync("jtj.staff");

        var response = await PostReplyAsync(unit, id, ("答复函.pdf", Pdf), ("setup.exe", [0x4D, 0x5A]), ("空白.docx", []));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"error-attachments\"", html);
        Assert.Contains("“setup.exe”的格式不能作为附件", html);
        Assert.Contains("“空白.docx”是空文件", html);
        Assert.Contains("请重新选择附件", html);
        Assert.Empty(await StoredAsync(id));
        Assert.False(await _world.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Reply>().AnyAsync(r => r.SuggestionId == id)));
        Assert.Single(await _world.OpenTasksAsync(id), t => t.ActivityId == "draftReply");
    }

    [Fact]
    public async Task Reply_WithContentNotMatchingItsExtension_IsRejectedBesideTheFieldAndNothingIsSaved()
    {
        var id = await AtDraftReplyAsync();
        var unit = await _world.ClientAsAsync("jtj.staff");
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];
        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");

        var response = await PostReplyAsync(unit, id, ("答复函.pdf", exe), ("照片.png", html), ("说明.txt", exe), ("表格.xls", Pdf));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"error-attachments\"", page);
        Assert.Contains("“答复函.pdf”的内容与扩展名 .pdf 不符", page);
        Assert.Contains("“照片.png”的内容与扩展名 .png 不符", page);
        Assert.Contains("“说明.txt”的内容与扩展名 .txt 不符", page);
        Assert.Contains("“表格.xls”的内容与扩展名 .xls 不符", page);
        Assert.Empty(await StoredAsync(id));
    }

    [Theory]
    [InlineData(".pdf", "%PDF-1.7\n%%EOF")]
    [InlineData(".txt", "答复说明：已完成改造。")]
    [InlineData(".docx", "PK\u0003\u0004word/document.xml")]
    [InlineData(".zip", "PK\u0005\u0006")]
    public void Signatures_GenuineContent_Match(string extension, string content) =>
        Assert.True(AttachmentSignatures.Matches(extension, Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Signatures_GenuineBinaryFormatsAndGb18030Text_Match()
    {
        Assert.True(AttachmentSignatures.Matches(".doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00]));
        Assert.True(AttachmentSignatures.Matches(".et", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00]));
        Assert.True(AttachmentSignatures.Matches(".jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]));
        Assert.True(AttachmentSignatures.Matches(".png", Photo));
        // "答复" in GB18030 (GBK range): not valid UTF-8, still text.
        Assert.True(AttachmentSignatures.Matches(".txt", [0xB4, 0xF0, 0xB8, 0xB4]));
        Assert.False(AttachmentSignatures.Matches(".ofd", Pdf));
        Assert.False(AttachmentSignatures.Matches(".txt", [0x41, 0x00, 0x42]));
    }

    [Fact]
    public async Task Reply_WithMoreThanFiveFiles_IsRejected()
    {
        var id = await AtDraftReplyAsync();
        var files = Enumerable.Range(1, 6).Select(i => ($"材料{i}.pdf", Pdf)).ToArray();

        var response = await PostReplyAsync(await _world.ClientAsAsync("jtj.staff"), id, files);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("最多上传 5 个附件", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Empty(await StoredAsync(id));
    }

    [Fact]
    public async Task Download_OnlyThoseWhoMaySeeTheSuggestion_AndDeputiesOnlyOnceDelivered()
    {
        var id = await AtDraftReplyAsync();
        await PostReplyAsync(await _world.ClientAsAsync("jtj.staff"), id, ("答复函.pdf", Pdf));
        var url = $"/Attachments/{(await StoredAsync(id)).Single().Id}";
        var deputy = await _world.ClientAsAsync("deputy1");

        Assert.Equal(HttpStatusCode.OK, (await (await _world.ClientAsAsync("jtj.head")).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _world.ClientAsAsync("zhou")).GetAsync(url)).StatusCode);
        AssertRefused(await (await _world.ClientAsAsync("gaj.staff")).GetAsync(url));
        AssertRefused(await (await _world.ClientAsAsync("deputy3")).GetAsync(url));
        AssertRefused(await (await _world.ClientAsAsync("cjw.member")).GetAsync(url));
        AssertRefused(await deputy.GetAsync(url));
        var anonymous = await _world.AnonymousClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Auth/Login", anonymous.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await deputy.GetAsync("/Attachments/999999")).StatusCode);

        // Signed by the head: the reply letter goes to the deputies, with its files.
        await _world.CompleteAsync(id, "signOff", SuggestionWalk.Head("jtj"), SuggestionWalk.Json(new { signedBy = "赵局长" }));
        await _world.AdvanceAsync(TimeSpan.FromMinutes(1));

        var download = await deputy.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        var letter = await deputy.GetStringAsync($"/Portal/Suggestion/{id}");
        Assert.Contains($"href=\"{url}\"", letter);
        AssertRefused(await (await _world.ClientAsAsync("deputy3")).GetAsync(url));
    }

    [Fact]
    public async Task SignOffForm_ShowsTheDraftsAttachmentsToTheHead()
    {
        var id = await AtDraftReplyAsync();
        await PostReplyAsync(await _world.ClientAsAsync("jtj.staff"), id, ("答复函.pdf", Pdf));
        var task = await _world.TaskAsync(id, "signOff");

        var html = await (await _world.ClientAsAsync("jtj.head")).GetStringAsync($"/Tasks/{task.Id}");

        Assert.Contains($"href=\"/Attachments/{(await StoredAsync(id)).Single().Id}\"", html);
        Assert.Contains("答复函.pdf", html);
    }

    [PostgresFact]
    public async Task Reply_OnPostgreSql_StoresTheBytesAsBytea()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:SupervisionFlow"] = database.ConnectionString,
        });
        var id = await AtDraftReplyAsync(world);
        await PostReplyAsync(world, await world.ClientAsAsync("jtj.staff"), id, ("答复函.pdf", Pdf));
        var attachment = (await StoredAsync(world, id)).Single();

        var response = await (await world.ClientAsAsync("lgw")).GetAsync($"/Attachments/{attachment.Id}");

        Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var type = new NpgsqlCommand(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'reply_attachments' AND column_name = 'Content'", connection);
        Assert.Equal("bytea", (string?)await type.ExecuteScalarAsync());
    }

    private static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.PathAndQuery.StartsWith("/Auth/AccessDenied", StringComparison.Ordinal) == true),
            $"expected refusal, got {(int)response.StatusCode} {response.Headers.Location}");

    /// <summary>Assigned to 市交通运输局 and handled up to 拟写答复.</summary>
    private Task<int> AtDraftReplyAsync() => AtDraftReplyAsync(_world);

    private static async Task<int> AtDraftReplyAsync(WebWorld world)
    {
        var id = await world.AssignedAsync("jtj", "关于完善公交站台无障碍设施的建议");
        var unit = SuggestionWalk.Unit("jtj");
        await world.CompleteAsync(id, "acknowledge", unit, SuggestionWalk.Json(new { ackDecision = "accept" }));
        await world.CompleteAsync(id, "plan", unit, SuggestionWalk.Json(new { handlerName = "刘经办", plan = "实地调研后制定改造计划。", plannedCompletionOn = "2026-05-20" }));
        await world.CompleteAsync(id, "visitBefore", unit, SuggestionWalk.Json(new { contactedOn = world.Today(), method = "上门拜访", summary = "听取代表意见。" }));
        await world.CompleteAsync(id, "visitDuring", unit, SuggestionWalk.Json(new { contactedOn = world.Today(), method = "电话", summary = "通报进展。" }));
        return id;
    }

    /// <summary>Posts the reply form the way a browser does: multipart, the page's antiforgery token, the files as parts.</summary>
    private Task<HttpResponseMessage> PostReplyAsync(HttpClient client, int suggestionId, params (string Name, byte[] Content)[] files) =>
        PostReplyAsync(_world, client, suggestionId, files);

    private static async Task<HttpResponseMessage> PostReplyAsync(WebWorld world, HttpClient client, int suggestionId, params (string Name, byte[] Content)[] files)
    {
        var url = $"/Tasks/{(await world.TaskAsync(suggestionId, "draftReply")).Id}";
        var token = await client.TokenAsync(url);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("A"), "resultClass" },
            { new StringContent("经研究，已完成12处站台无障碍改造。"), "text" },
        };
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "attachments", name);
        }
        return await client.PostAsync(url, form);
    }

    private Task<List<ReplyAttachment>> StoredAsync(int suggestionId) => StoredAsync(_world, suggestionId);

    private static Task<List<ReplyAttachment>> StoredAsync(WebWorld world, int suggestionId) =>
        world.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ReplyAttachment>().AsNoTracking()
            .Where(a => a.SuggestionId == suggestionId).OrderBy(a => a.Id).ToListAsync());
}
