using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Features.Import;
using SupervisionFlow.Web.Domain;

namespace SupervisionFlow.Web.Features.SuggestionsApi;

/// <summary>
/// <c>/api/suggestions</c>: create, bulk import (JSON or .xlsx), list, read and follow suggestions, so that a session's
/// submission system can feed SupervisionFlow. Callers act as the office (联工委).
/// </summary>
public static class SuggestionsEndpoints
{
    public static void MapSuggestionEndpoints(this RouteGroupBuilder group)
    {
        var maxWorkbookBytes = ((IEndpointRouteBuilder)group).ServiceProvider.GetRequiredService<IOptions<ImportLimits>>().Value.MaxFileBytes;
        group.MapPost("", CreateAsync)
            .WithName("CreateSuggestion")
            .WithSummary("File one suggestion and start its handling process")
            .Accepts<CreateSuggestionRequest>("application/json")
            .Produces<CreatedSuggestion>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapPost("/import", ImportJsonAsync)
            .WithName("ImportSuggestions")
            .WithSummary("File many suggestions at once; every bad row is reported and nothing is imported")
            .WithDescription("The body is a JSON array of the objects POST /api/suggestions takes. All or nothing: with any bad row the answer is 400 with errors[] (row, field, column, message) and no suggestion is filed.")
            .Accepts<IReadOnlyList<CreateSuggestionRequest>>("application/json")
            .Produces<ImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/import/xlsx", ImportWorkbookAsync)
            .WithName("ImportSuggestionsWorkbook")
            .WithSummary("File the suggestions of an .xlsx workbook (multipart field 'file'); all or nothing")
            .WithDescription("First worksheet, headers in row 1: 届次, 会次, 类型, 标题, 内容, 类别, 形成方式, 领衔代表, 附议代表, 公开意见, 仅供参考. Deputies by name or id; co-signers separated by 、. Bad rows come back as errors[] with the worksheet row number.")
            .Accepts<IFormFile>("multipart/form-data")
            // The workbook's own bound plus room for the multipart framing; the rest of the API keeps Limits:MaxRequestBodyBytes.
            .WithMetadata(new RequestSizeLimitAttribute(maxWorkbookBytes + (1024 * 1024)))
            .WithFormOptions(multipartBodyLengthLimit: maxWorkbookBytes + (1024 * 1024))
            .Produces<ImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            // API clients send no antiforgery token; the sign-in cookie is SameSite=Lax, so no other site can post it here.
            .DisableAntiforgery();
        group.MapGet("/import/template.xlsx", () => TypedResults.File(SuggestionWorkbookReader.Template(), Exports.XlsxWriter.ContentType, "建议导入模板.xlsx"))
            .WithName("SuggestionImportTemplate")
            .WithSummary("An empty import workbook with the expected headers");
        group.MapGet("", ListAsync)
            .WithName("ListSuggestions")
            .WithSummary("Suggestions by term, session, state, category, unit and kind, a page at a time")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:int}", GetAsync)
            .WithName("GetSuggestion")
            .WithSummary("One suggestion: fields, state, units, deadlines, open steps and delivered replies")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:int}/timeline", TimelineAsync)
            .WithName("GetSuggestionTimeline")
            .WithSummary("Every recorded step of the suggestion, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<CreatedSuggestion>, ValidationProblem>> CreateAsync(
        HttpRequest request, SuggestionImportService import, CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync(request, cancellationToken);
        if (body is not JsonObject item)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["请求体应为一个 JSON 对象"] }, title: "建议信息有误");
        }
        try
        {
            var created = (await import.ImportAsync([RowOf(1, item)], ActorOf(request.HttpContext.User), cancellationToken))[0];
            return TypedResults.Created($"{SuggestionsApiExtensions.RoutePrefix}/{created.Id}",
                new CreatedSuggestion(created.Id, created.Number, created.DisplayNumber, SuggestionState.UnderReview, StateLabels.Of(SuggestionState.UnderReview)));
        }
        catch (ImportRejectedException rejected)
        {
            return TypedResults.ValidationProblem(
                rejected.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                detail: string.Join("；", rejected.Errors.Select(e => $"{e.Column}：{e.Message}")), title: "建议信息有误");
        }
    }

    private static async Task<IResult> ImportJsonAsync(HttpRequest request, SuggestionImportService import, CancellationToken cancellationToken)
    {
        var body = await ReadJsonAsync(request, cancellationToken);
        if (body is not JsonArray array)
        {
            return ImportProblem([new ImportError(0, ImportField.File, "请求体应为建议对象组成的 JSON 数组")]);
        }
        var rows = new List<ImportRow>(array.Count);
        var errors = new List<ImportError>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                rows.Add(RowOf(i + 1, item));
            }
            else
            {
                errors.Add(new ImportError(i + 1, ImportField.File, "数组元素应为 JSON 对象"));
            }
        }
        if (errors.Count > 0)
        {
            return ImportProblem(errors);
        }
        return await ImportAsync(rows, request.HttpContext.User, import, cancellationToken);
    }

    private static async Task<IResult> ImportWorkbookAsync(HttpRequest request, SuggestionImportService import, IOptions<ImportLimits> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return ImportProblem([new ImportError(0, ImportField.File, "请以 multipart/form-data 上传 .xlsx 文件（字段名 file）")]);
        }
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null)
        {
            return ImportProblem([new ImportError(0, ImportField.File, "没有收到文件（字段名 file）")]);
        }
        var limits = options.Value;
        if (file.Length > limits.MaxFileBytes)
        {
            return ImportProblem([new ImportError(0, ImportField.File, $"文件不能超过 {ByteSizes.Text(limits.MaxFileBytes)}")]);
        }
        try
        {
            await using var stream = file.OpenReadStream();
            var rows = SuggestionWorkbookReader.Read(stream, limits);
            return await ImportAsync(rows, request.HttpContext.User, import, cancellationToken);
        }
        catch (ImportRejectedException rejected)
        {
            return ImportProblem(rejected.Errors);
        }
    }

    private static async Task<IResult> ImportAsync(IReadOnlyList<ImportRow> rows, ClaimsPrincipal user, SuggestionImportService import, CancellationToken cancellationToken)
    {
        try
        {
            var imported = await import.ImportAsync(rows, ActorOf(user), cancellationToken);
            return TypedResults.Ok(new ImportResult(imported.Count, [.. imported.Select(i => new CreatedRow(i.Row, i.Id, i.Number, i.DisplayNumber))]));
        }
        catch (ImportRejectedException rejected)
        {
            return ImportProblem(rejected.Errors);
        }
    }

    private static async Task<IResult> ListAsync(
        SuggestionReader reader, int? term, int? session, string? state, string? category, string? unit, string? kind,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        SuggestionState? stateFilter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            stateFilter = ParseState(state);
            if (stateFilter is null)
            {
                errors["state"] = [$"状态“{state}”无效，可选：{string.Join("、", Enum.GetValues<SuggestionState>().Select(s => $"{JsonNamingPolicy.CamelCase.ConvertName(s.ToString())}（{StateLabels.Of(s)}）"))}"];
            }
        }
        SuggestionKind? kindFilter = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            kindFilter = SuggestionChoices.ParseKind(kind);
            if (kindFilter is null)
            {
                errors["kind"] = ["类型应为 session（大会建议）或 betweenSession（闭会建议）"];
            }
        }
        if (page is < 1)
        {
            errors["page"] = ["页码从 1 开始"];
        }
        if (pageSize is < 1 or > SuggestionReader.MaxPageSize)
        {
            errors["pageSize"] = [$"每页条数应在 1 到 {SuggestionReader.MaxPageSize} 之间"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "查询条件有误");
        }
        var filter = new SuggestionFilter(term, session, stateFilter, category, unit, kindFilter, page ?? 1, pageSize ?? 50);
        return TypedResults.Ok(await reader.ListAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<SuggestionDetails>, ProblemHttpResult>> GetAsync(int id, SuggestionReader reader, CancellationToken cancellationToken) =>
        await reader.GetAsync(id, cancellationToken) is { } details ? TypedResults.Ok(details) : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<TimelineEntry>>, ProblemHttpResult>> TimelineAsync(int id, SuggestionReader reader, CancellationToken cancellationToken) =>
        await reader.TimelineAsync(id, cancellationToken) is { } timeline ? TypedResults.Ok(timeline) : NotFound(id);

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"建议 {id} 不存在。");

    private static IResult ImportProblem(IReadOnlyList<ImportError> errors) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "导入未执行",
            Detail = $"共 {errors.Select(e => e.Row).Distinct().Count()} 行有误，未导入任何建议：" + string.Join("；", errors.Take(20)),
            Extensions = { ["errors"] = errors.Select(e => new { row = e.Row, field = e.Field, column = e.Column, message = e.Message }).ToList() },
        });

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"请求体不是有效的 JSON：{e.Message}", e);
        }
    }

    /// <summary>A JSON object as an import row; numbers, strings and booleans are all read as text and checked as one.</summary>
    internal static ImportRow RowOf(int row, JsonObject item) => new(
        row, Text(item, "kind"), Text(item, "term"), Text(item, "session"), Text(item, "title"), Text(item, "content"), Text(item, "category"),
        Text(item, "formedBy"), Text(item, "leadDeputyId") ?? Text(item, "leadDeputy"), Text(item, "coSignerIds") ?? Text(item, "coSigners"),
        Text(item, "disclosure"), Text(item, "referenceOnly"));

    private static string? Text(JsonObject item, string name)
    {
        // Case-insensitive like the rest of the API's JSON binding.
        var node = item.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        return node switch
        {
            null => null,
            JsonArray list => string.Join(",", list.Select(n => n is JsonValue v ? v.ToString() : "?")),
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
            JsonValue value => value.ToJsonString(),
            _ => "?",
        };
    }

    private static SuggestionState? ParseState(string text)
    {
        var trimmed = text.Trim();
        if (Enum.TryParse<SuggestionState>(trimmed, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(trimmed, CultureInfo.InvariantCulture, out _))
        {
            return state;
        }
        return Enum.GetValues<SuggestionState>().Where(s => StateLabels.Of(s) == trimmed).Select(s => (SuggestionState?)s).FirstOrDefault();
    }

    /// <summary>
    /// The caller as a domain actor: an API-key client acts for the office (联工委); a signed-in user acts as
    /// themself, with the candidate groups of their sign-in.
    /// </summary>
    internal static Actor ActorOf(ClaimsPrincipal user)
    {
        if (user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName))
        {
            return new Actor("api-client", "接口调用", new HashSet<string>(StringComparer.Ordinal) { Actor.OfficeGroup });
        }
        var name = user.Identities.FirstOrDefault(i => i.IsAuthenticated)?.Name ?? "";
        var groups = user.FindAll(ActorClaims.Group).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(name, user.FindFirst(ActorClaims.DisplayName)?.Value ?? name, groups);
    }
}
