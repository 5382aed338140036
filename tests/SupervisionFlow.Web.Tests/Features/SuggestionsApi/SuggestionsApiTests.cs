using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Exports;
using SupervisionFlow.Web.Features.Import;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.SuggestionsApi;

/// <summary>
/// <c>/api/suggestions</c> on the real host. Each test files into its own 会次 so that numbers and lists of one test
/// are not disturbed by another's.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SuggestionsApiTests(WebWorldFixture world)
{
    private readonly WebWorld _world = world.Value;

    private static object Body(int session, string title, object? lead = null, object? coSigners = null, string kind = "session",
        string category = "交通邮电", string disclosure = "full", object? term = null) => new
    {
        kind,
        term = term ?? 18,
        session,
        title,
        content = "建议对城区公交线网进行系统优化，增开社区微循环线路。",
        category,
        formedBy = "专题调研",
        leadDeputyId = lead ?? 1,
        coSignerIds = coSigners ?? new[] { 2, 3 },
        disclosure,
        referenceOnly = false,
    };

    [Fact]
    public async Task Create_WithApiKey_Returns201AndTheSuggestionCanBeReadListedAndFollowed()
    {
        var api = _world.Host.CreateApiClient();

        var response = await api.PostAsJsonAsync("/api/suggestions", Body(11, "关于增设学校周边过街天桥的建议"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync<JsonObject>();
        var id = (int)created["id"]!;
        Assert.Equal(1, (int)created["number"]!);
        Assert.Equal("第1号", (string?)created["displayNumber"]);
        Assert.Equal("underReview", (string?)created["state"]);
        Assert.Equal("审核中", (string?)created["stateLabel"]);
        Assert.Equal($"/api/suggestions/{id}", response.Headers.Location?.OriginalString);

        var details = await (await api.GetAsync($"/api/suggestions/{id}")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal("关于增设学校周边过街天桥的建议", (string?)details["title"]);
        Assert.Equal("王建国", (string?)details["leadDeputy"]!["name"]);
        Assert.Equal(["李秀英", "张伟"], details["coSigners"]!.AsArray().Select(d => (string)d!["name"]!).ToArray());
        Assert.Equal("full", (string?)details["disclosure"]);
        Assert.Equal("underReview", (string?)details["state"]);
        Assert.Contains(details["openSteps"]!.AsArray(), s => (string?)s!["activityId"] == "review");
        Assert.Empty(details["replies"]!.AsArray());

        var page = await (await api.GetAsync("/api/suggestions?term=18&session=11")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(1, (int)page["total"]!);
        Assert.Equal(id, (int)page["items"]![0]!["id"]!);
        Assert.Equal("王建国", (string?)page["items"]![0]!["leadDeputyName"]);

        var timeline = await (await api.GetAsync($"/api/suggestions/{id}/timeline")).ReadJsonAsync<JsonArray>(expectSuccess: true);
        var submitted = Assert.Single(timeline, e => (string?)e!["action"] == "suggestion.submitted")!;
        Assert.Equal("提出建议", (string?)submitted["label"]);
        Assert.Equal("api-client", (string?)submitted["actor"]);
    }

    [Fact]
    public async Task Create_BadFields_Returns400WithAChineseMessagePerFieldAndFilesNothing()
    {
        var api = _world.Host.CreateApiClient();
        var before = await CountAsync();

        var response = await api.PostAsJsonAsync("/api/suggestions", new
        {
            kind = "weekly", term = 18, session = 12, title = "", content = "有内容", category = "天文", leadDeputyId = 99, coSignerIds = new[] { 2 }, disclosure = "all",
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal("类型“weekly”无效，应为大会建议或闭会建议", (string?)errors["kind"]![0]);
        Assert.Equal("请填写标题", (string?)errors["title"]![0]);
        Assert.StartsWith("类别“天文”不在可选类别中", (string?)errors["category"]![0]);
        Assert.Equal("代表编号 99 不存在或已不在任", (string?)errors["leadDeputyId"]![0]);
        Assert.Equal("公开意见“all”无效，应为全文公开、仅公开标题或不公开", (string?)errors["disclosure"]![0]);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400Problem()
    {
        var api = _world.Host.CreateApiClient();

        var response = await api.PostAsync("/api/suggestions", new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("不是有效的 JSON", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Import_ThreeRowsTwoBad_Returns400ListingBothRowsAndImportsNothing()
    {
        var api = _world.Host.CreateApiClient();
        var before = await CountAsync();

        var response = await api.PostAsJsonAsync("/api/suggestions/import", new[]
        {
            Body(13, "关于完善社区养老服务设施的建议"),
            Body(13, "关于加强农村饮水安全保障的建议", lead: "赵六"),
            Body(13, "关于推进老旧小区加装电梯的建议", term: "十八届之后", disclosure: "maybe"),
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["field"]!, (string)e["message"]!)).ToList();
        Assert.Equal(
            [
                (2, "leadDeputyId", "代表“赵六”不存在或已不在任"),
                (3, "term", "届次“十八届之后”应为正整数"),
                (3, "disclosure", "公开意见“maybe”无效，应为全文公开、仅公开标题或不公开"),
            ],
            errors);
        Assert.Contains("共 2 行有误，未导入任何建议", (string?)problem["detail"]);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Import_CleanRows_FilesAllInOrderAndRefusesTheSameFileTwice()
    {
        var api = _world.Host.CreateApiClient();
        var rows = new[]
        {
            Body(14, "关于完善社区养老服务设施的建议"),
            Body(14, "关于加强农村饮水安全保障的建议", lead: "张伟", coSigners: "王建国、李秀英", kind: "大会建议", category: "农林水利", disclosure: "仅公开标题"),
            Body(14, "关于规范共享单车停放的建议", lead: 2, coSigners: Array.Empty<int>(), kind: "betweenSession", disclosure: "none"),
        };

        var response = await api.PostAsJsonAsync("/api/suggestions/import", rows);

        var result = await response.ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(3, (int)result["imported"]!);
        var imported = result["suggestions"]!.AsArray();
        Assert.Equal([1, 2, 3], imported.Select(r => (int)r!["row"]!).ToArray());
        Assert.Equal(["第1号", "第2号", "第1号"], imported.Select(r => (string)r!["displayNumber"]!).ToArray());
        var second = await (await api.GetAsync($"/api/suggestions/{(int)imported[1]!["id"]!}")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal("张伟", (string?)second["leadDeputy"]!["name"]);
        Assert.Equal(["王建国", "李秀英"], second["coSigners"]!.AsArray().Select(d => (string)d!["name"]!).ToArray());
        Assert.Equal("titleOnly", (string?)second["disclosure"]);
        var third = await (await api.GetAsync($"/api/suggestions/{(int)imported[2]!["id"]!}")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal("betweenSession", (string?)third["kind"]);

        var again = await api.PostAsJsonAsync("/api/suggestions/import", rows);

        var problem = await again.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(3, problem["errors"]!.AsArray().Count);
        Assert.All(problem["errors"]!.AsArray(), e => Assert.Contains("请勿重复提交", (string?)e!["message"]));
        Assert.Equal(3, (int)(await (await api.GetAsync("/api/suggestions?term=18&session=14")).ReadJsonAsync<JsonObject>())["total"]!);
    }

    [Fact]
    public async Task ImportXlsx_GeneratedWorkbook_FilesEveryRow()
    {
        var api = _world.Host.CreateApiClient();
        var workbook = XlsxWriter.Write(new XlsxSheet("代表建议", "届次", "会次", "类型", "标题", "内容", "类别", "形成方式", "领衔代表", "附议代表", "公开意见", "仅供参考")
            .Add(18, 15, "大会建议", "关于加快建设城市绿道的建议", "建议加快绿道建设，串联公园与社区。", "城乡建设与管理", "集中视察", "王建国", "李秀英、张伟", "全文公开", "否")
            .Add("第十八届", "第十五次", "大会建议", "关于提升公交准点率的建议", "建议推进公交专用道建设。", "交通邮电", null, "3", null, "不公开", "是"));

        var response = await api.PostAsync("/api/suggestions/import/xlsx", Upload(workbook));

        var result = await response.ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(2, (int)result["imported"]!);
        Assert.Equal([2, 3], result["suggestions"]!.AsArray().Select(r => (int)r!["row"]!).ToArray());
        var page = await (await api.GetAsync("/api/suggestions?term=18&session=15&category=%E4%BA%A4%E9%80%9A%E9%82%AE%E7%94%B5")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        var item = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("关于提升公交准点率的建议", (string?)item["title"]);
        Assert.Equal("张伟", (string?)item["leadDeputyName"]);
        var details = await (await api.GetAsync($"/api/suggestions/{(int)item["id"]!}")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.True((bool)details["referenceOnly"]!);
        Assert.Equal("none", (string?)details["disclosure"]);
    }

    [Fact]
    public async Task ImportXlsx_ZipBomb_Returns400InChineseAndTheHostServesTheNextRequest()
    {
        var api = _world.Host.CreateApiClient();
        var before = await CountAsync();

        var response = await api.PostAsync("/api/suggestions/import/xlsx", Upload(Import.SuggestionWorkbookReaderTests.PaddedTemplate(200 * 1024 * 1024)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("文件内容异常（压缩比过高", (string?)problem["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/suggestions")).StatusCode);
    }

    [Fact]
    public async Task ImportXlsx_SharedStringsAndHeadersInAnyOrder_AreRead()
    {
        var api = _world.Host.CreateApiClient();
        string[] headers = ["标题", "内容", "类别", "领衔代表", "届次", "会次", "类型", "公开意见", "备注"];
        var workbook = SharedStringWorkbook(headers, ["关于建设智慧停车系统的建议", "建议建设全市统一的智慧停车平台。", "交通邮电", "李秀英", "18", "16", "闭会建议", "全文公开", "无关列"]);

        var response = await api.PostAsync("/api/suggestions/import/xlsx", Upload(workbook));

        var result = await response.ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(1, (int)result["imported"]!);
    }

    [Fact]
    public async Task ImportXlsx_BadRows_Returns400WithWorksheetRowNumbersAndImportsNothing()
    {
        var api = _world.Host.CreateApiClient();
        var before = await CountAsync();
        var workbook = XlsxWriter.Write(new XlsxSheet("代表建议", "届次", "会次", "类型", "标题", "内容", "类别", "形成方式", "领衔代表", "附议代表", "公开意见", "仅供参考")
            .Add(18, 17, "大会建议", "关于加快建设城市绿道的建议", "建议加快绿道建设。", "城乡建设与管理", "集中视察", "王建国", "李秀英", "全文公开", "否")
            .Add(18, 17, "大会建议", "", "建议……", "交通邮电", null, "王建国", "不存在的人", "全文公开", "也许")
            .Add(null, null, null, null, null, null, null, null, null, null, null)
            .Add(18, 17, "大会建议", "关于加快建设城市绿道的建议", "重复一行。", "城乡建设与管理", null, "王建国", null, "全文公开", null));

        var response = await api.PostAsync("/api/suggestions/import/xlsx", Upload(workbook));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["column"]!, (string)e["message"]!)).ToList();
        Assert.Equal(
            [
                (3, "标题", "请填写标题"),
                (3, "附议代表", "代表“不存在的人”不存在或已不在任"),
                (3, "仅供参考", "仅供参考“也许”无效，应填是或否"),
                (5, "标题", "与第2行重复（同一届次会次、同一领衔代表、同一标题）"),
            ],
            errors);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task ImportXlsx_TwoThousandRowsTwoBad_ReportsExactlyTheBadRowsAndImportsNothing()
    {
        var api = _world.Host.CreateApiClient();
        var before = await CountAsync();
        var sheet = new XlsxSheet("代表建议", "届次", "会次", "类型", "标题", "内容", "类别", "形成方式", "领衔代表", "附议代表", "公开意见", "仅供参考");
        for (var i = 1; i <= 2000; i++)
        {
            var kind = i == 1500 ? "座谈意见" : "大会建议";
            var title = i == 2000 ? "" : $"关于第{i}项民生实事的建议";
            sheet.Add(18, 30, kind, title, "建议将该事项纳入年度民生实事项目，明确责任单位和完成时限。", "交通邮电", null, (i % 3) + 1, null, "全文公开", "否");
        }

        var response = await api.PostAsync("/api/suggestions/import/xlsx", Upload(XlsxWriter.Write(sheet)));

        // Every row was read and checked: the two bad ones are named by their worksheet row (data starts on row 2).
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([(1501, "类型"), (2001, "标题")], problem["errors"]!.AsArray().Select(e => ((int)e!["row"]!, (string)e["column"]!)).ToArray());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task ImportXlsx_NotAWorkbookOrMissingColumns_Returns400()
    {
        var api = _world.Host.CreateApiClient();

        var garbage = await api.PostAsync("/api/suggestions/import/xlsx", Upload("这不是工作簿"u8.ToArray()));
        var missing = await api.PostAsync("/api/suggestions/import/xlsx", Upload(XlsxWriter.Write(new XlsxSheet("表", "标题", "内容").Add("标题", "内容"))));

        var garbageProblem = await garbage.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("文件不是有效的 .xlsx 工作簿", (string?)garbageProblem["errors"]![0]!["message"]);
        var missingProblem = await missing.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["届次", "会次", "类型", "类别", "领衔代表", "公开意见"],
            missingProblem["errors"]!.AsArray().Select(e => (string)e!["column"]!).ToArray());
    }

    [Fact]
    public async Task Template_HasTheImportHeaders()
    {
        var api = _world.Host.CreateApiClient();

        var response = await api.GetAsync("/api/suggestions/import/template.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = SuggestionWorkbookReader.Read(await response.Content.ReadAsStreamAsync());
        Assert.Equal("王建国", Assert.Single(rows).LeadDeputy);
    }

    [Fact]
    public async Task List_FiltersByStateAndUnitAndRejectsAnUnknownState()
    {
        var api = _world.Host.CreateApiClient();
        var id = await _world.AssignedAsync("gaj", "关于加强校园周边交通秩序管理的建议");

        var inHandling = await (await api.GetAsync("/api/suggestions?state=inHandling&unit=gaj")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        var chinese = await (await api.GetAsync("/api/suggestions?state=%E5%8A%9E%E7%90%86%E4%B8%AD&unit=gaj")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        var otherUnit = await (await api.GetAsync("/api/suggestions?state=inHandling&unit=jtj&pageSize=200")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        var bad = await api.GetAsync("/api/suggestions?state=sleeping");

        Assert.Contains(inHandling["items"]!.AsArray(), i => (int)i!["id"]! == id);
        Assert.Contains(chinese["items"]!.AsArray(), i => (int)i!["id"]! == id);
        Assert.DoesNotContain(otherUnit["items"]!.AsArray(), i => (int)i!["id"]! == id);
        var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("状态“sleeping”无效", (string?)problem["errors"]!["state"]![0]);
        var details = await (await api.GetAsync($"/api/suggestions/{id}")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal("市公安局", (string?)details["units"]![0]!["name"]);
        Assert.Equal("lead", (string?)details["units"]![0]!["role"]);
        Assert.NotNull((string?)details["replyDueOn"]);
        Assert.True((int)details["daysLeft"]! > 80);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        var api = _world.Host.CreateApiClient();

        await (await api.GetAsync("/api/suggestions/987654")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync("/api/suggestions/987654/timeline")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NoKeyOrWrongKey_Returns401Problem()
    {
        var anonymous = _world.AnonymousClient();
        var wrong = _world.AnonymousClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        await (await anonymous.GetAsync("/api/suggestions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await wrong.GetAsync("/api/suggestions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/suggestions", Body(18, "未登录"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("deputy1")]
    [InlineData("jtj.staff")]
    [InlineData("zhou")]
    public async Task SignedInWithoutOfficeRole_Returns403Problem(string user)
    {
        var client = await _world.ClientAsAsync(user);

        await (await client.GetAsync("/api/suggestions")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/suggestions", Body(19, "越权提交"))).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("lgw")]
    [InlineData("sysadmin")]
    public async Task SignedInOfficeOrAdmin_MayCreateAndList(string user)
    {
        var client = await _world.ClientAsAsync(user);

        var response = await client.PostAsJsonAsync("/api/suggestions", Body(20, $"关于{user}代为录入的建议"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/suggestions?session=20")).StatusCode);
        var timeline = await (await client.GetAsync($"{response.Headers.Location}/timeline")).ReadJsonAsync<JsonArray>(expectSuccess: true);
        Assert.Equal(user, (string?)timeline[0]!["actor"]);
    }

    [Fact]
    public async Task OpenApi_DocumentsTheSuggestionRoutes()
    {
        var document = await (await _world.AnonymousClient().GetAsync("/openapi/v1.json")).ReadJsonAsync<JsonObject>(expectSuccess: true);

        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/suggestions"));
        Assert.True(paths.ContainsKey("/api/suggestions/import"));
        Assert.True(paths.ContainsKey("/api/suggestions/import/xlsx"));
        Assert.True(paths.ContainsKey("/api/suggestions/{id}"));
        Assert.True(paths.ContainsKey("/api/suggestions/{id}/timeline"));
        Assert.NotNull(paths["/api/suggestions"]!["post"]!["requestBody"]);
    }

    private async Task<int> CountAsync()
    {
        using var scope = _world.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Suggestion>().CountAsync();
    }

    private static MultipartFormDataContent Upload(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(XlsxWriter.ContentType);
        return new MultipartFormDataContent { { file, "file", "代表建议.xlsx" } };
    }

    /// <summary>A workbook the way Excel saves it: text in the shared-string table, cells referenced by address.</summary>
    private static byte[] SharedStringWorkbook(string[] headers, params string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            var strings = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.SharedStringTablePart>();
            strings.SharedStringTable = new DocumentFormat.OpenXml.Spreadsheet.SharedStringTable();
            var sheetPart = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
            var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
            var all = rows.Prepend(headers).ToList();
            for (var r = 0; r < all.Count; r++)
            {
                var row = new DocumentFormat.OpenXml.Spreadsheet.Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < all[r].Length; c++)
                {
                    strings.SharedStringTable.Append(new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(all[r][c])));
                    row.Append(new DocumentFormat.OpenXml.Spreadsheet.Cell
                    {
                        CellReference = $"{XlsxWriter.ColumnName(c)}{r + 1}",
                        DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString,
                        CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue((strings.SharedStringTable.Count() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    });
                }
                data.Append(row);
            }
            sheetPart.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(data);
            workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(
                new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Sheet1" }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }
}
