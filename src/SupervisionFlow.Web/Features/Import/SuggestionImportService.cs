using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Import;

/// <summary>
/// Files many suggestions at once (a session's 大会建议 from its submission system or a spreadsheet). All or nothing:
/// every row is checked first and every bad row reported; only a clean batch is submitted, in one transaction, so a
/// row that still fails (e.g. a deputy deactivated in between) rolls the whole batch back.
/// </summary>
public sealed class SuggestionImportService(
    AppDbContext db, SuggestionIntakeService intake, ProcessEngine engine, IOptions<SuggestionChoices> choices, ILogger<SuggestionImportService> logger)
{
    public const int MaxRows = 5000;
    public const int MaxContentLength = 20000;
    public const int MaxTitleLength = 200;

    private static readonly char[] ListSeparators = ['、', ',', '，', ';', '；', ' ', '\u3000', '\n', '\r', '\t'];

    /// <summary>Checks every row; returns the requests for a clean batch, or every error found.</summary>
    public async Task<(IReadOnlyList<SubmitSuggestion> Requests, IReadOnlyList<ImportError> Errors)> ValidateAsync(
        IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<ImportError>();
        if (rows.Count == 0)
        {
            errors.Add(new ImportError(0, ImportField.File, "没有可导入的建议"));
            return ([], errors);
        }
        if (rows.Count > MaxRows)
        {
            errors.Add(new ImportError(0, ImportField.File, $"一次最多导入 {MaxRows} 条建议，本次 {rows.Count} 条"));
            return ([], errors);
        }
        var deputies = await db.Set<Deputy>().AsNoTracking().Where(d => d.IsActive).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        var byId = deputies.ToDictionary(d => d.Id, d => d.Name);
        var byName = deputies.GroupBy(d => d.Name.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(d => d.Id).ToList(), StringComparer.Ordinal);
        var categories = choices.Value.CategoryList;
        var requests = new List<SubmitSuggestion>();
        var seen = new Dictionary<(int, int, int, string), int>();
        foreach (var row in rows)
        {
            var rowErrors = new List<ImportError>();
            void Fail(ImportField field, string message) => rowErrors.Add(new ImportError(row.RowNumber, field, message));

            var kind = SuggestionChoices.ParseKind(row.Kind);
            if (kind is null)
            {
                Fail(ImportField.Kind, string.IsNullOrWhiteSpace(row.Kind) ? "请填写类型（大会建议或闭会建议）" : $"类型“{row.Kind!.Trim()}”无效，应为大会建议或闭会建议");
            }
            var term = SuggestionChoices.ParseOrdinal(row.Term);
            if (term is null)
            {
                Fail(ImportField.Term, string.IsNullOrWhiteSpace(row.Term) ? "请填写届次" : $"届次“{row.Term!.Trim()}”应为正整数");
            }
            var session = SuggestionChoices.ParseOrdinal(row.Session);
            if (session is null)
            {
                Fail(ImportField.Session, string.IsNullOrWhiteSpace(row.Session) ? "请填写会次" : $"会次“{row.Session!.Trim()}”应为正整数");
            }
            var title = row.Title?.Trim() ?? "";
            if (title.Length == 0)
            {
                Fail(ImportField.Title, "请填写标题");
            }
            else if (title.Length > MaxTitleLength)
            {
                Fail(ImportField.Title, $"标题不能超过{MaxTitleLength}字（现{title.Length}字）");
            }
            var content = row.Content?.Trim() ?? "";
            if (content.Length == 0)
            {
                Fail(ImportField.Content, "请填写建议内容");
            }
            else if (content.Length > MaxContentLength)
            {
                Fail(ImportField.Content, $"内容不能超过{MaxContentLength}字");
            }
            var category = row.Category?.Trim() ?? "";
            if (category.Length == 0)
            {
                Fail(ImportField.Category, "请填写类别");
            }
            else if (!categories.Contains(category))
            {
                Fail(ImportField.Category, $"类别“{category}”不在可选类别中（{string.Join("、", categories)}）");
            }
            var formedBy = string.IsNullOrWhiteSpace(row.FormedBy) ? null : row.FormedBy.Trim();
            if (formedBy is { Length: > 50 })
            {
                Fail(ImportField.FormedBy, "形成方式不能超过50字");
            }
            int? lead = null;
            if (string.IsNullOrWhiteSpace(row.LeadDeputy))
            {
                Fail(ImportField.LeadDeputy, "请填写领衔代表");
            }
            else
            {
                lead = ResolveDeputy(row.LeadDeputy.Trim(), byId, byName, message => Fail(ImportField.LeadDeputy, message));
            }
            var coSigners = new List<int>();
            foreach (var part in (row.CoSigners ?? "").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (ResolveDeputy(part, byId, byName, message => Fail(ImportField.CoSigners, message)) is { } id && id != lead && !coSigners.Contains(id))
                {
                    coSigners.Add(id);
                }
            }
            var disclosure = SuggestionChoices.ParseDisclosure(row.Disclosure);
            if (disclosure is null)
            {
                Fail(ImportField.Disclosure, string.IsNullOrWhiteSpace(row.Disclosure)
                    ? "请填写公开意见（全文公开、仅公开标题或不公开）"
                    : $"公开意见“{row.Disclosure!.Trim()}”无效，应为全文公开、仅公开标题或不公开");
            }
            var referenceOnly = SuggestionChoices.ParseYesNo(row.ReferenceOnly);
            if (referenceOnly is null)
            {
                Fail(ImportField.ReferenceOnly, $"仅供参考“{row.ReferenceOnly!.Trim()}”无效，应填是或否");
            }
            if (rowErrors.Count == 0)
            {
                var key = (term!.Value, session!.Value, lead!.Value, title);
                if (seen.TryGetValue(key, out var first))
                {
                    Fail(ImportField.Title, $"与第{first}行重复（同一届次会次、同一领衔代表、同一标题）");
                }
                else
                {
                    seen[key] = row.RowNumber;
                    requests.Add(new SubmitSuggestion(kind!.Value, term.Value, session.Value, title, content, category, formedBy, lead.Value,
                        coSigners, disclosure!.Value, referenceOnly!.Value));
                }
            }
            errors.AddRange(rowErrors);
        }
        if (errors.Count == 0)
        {
            await FindAlreadyFiledAsync(rows, requests, errors, cancellationToken);
        }
        return errors.Count == 0 ? (requests, errors) : ([], errors);
    }

    /// <summary>Validates, then submits every row in one transaction; throws <see cref="ImportRejectedException"/> when any row is bad.</summary>
    public async Task<IReadOnlyList<ImportedSuggestion>> ImportAsync(IReadOnlyList<ImportRow> rows, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOffice)
        {
            throw new HandlingForbiddenException("只有联工委可以批量导入建议。");
        }
        var (requests, errors) = await ValidateAsync(rows, cancellationToken);
        if (errors.Count > 0)
        {
            throw new ImportRejectedException(errors);
        }
        var imported = new List<ImportedSuggestion>(requests.Count);
        var instances = new List<string>(requests.Count);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            for (var i = 0; i < requests.Count; i++)
            {
                try
                {
                    var suggestion = await intake.SubmitAsync(requests[i], actor, cancellationToken);
                    imported.Add(new ImportedSuggestion(rows[i].RowNumber, suggestion.Id, suggestion.Number, suggestion.DisplayNumber, suggestion.Title));
                    if (suggestion.ProcessInstanceId is { } instance)
                    {
                        instances.Add(instance);
                    }
                }
                catch (HandlingValidationException e)
                {
                    // Validated above, so the data changed under us; the transaction rolls back on dispose.
                    db.ChangeTracker.Clear();
                    throw new ImportRejectedException(e.FieldErrors.Count > 0
                        ? [.. e.FieldErrors.Select(f => new ImportError(rows[i].RowNumber, FieldOf(f.Key), f.Value))]
                        : [new ImportError(rows[i].RowNumber, ImportField.File, e.Message)]);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        logger.LogInformation("{User} imported {Count} suggestions", actor.UserName, imported.Count);
        // Service tasks reached inside the batch's transaction run now that it is committed (otherwise the sweep runs them).
        await engine.RunServiceTasksAsync(instances, cancellationToken);
        return imported;
    }

    private static int? ResolveDeputy(string text, Dictionary<int, string> byId, Dictionary<string, List<int>> byName, Action<string> fail)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            if (byId.ContainsKey(id))
            {
                return id;
            }
            fail($"代表编号 {id} 不存在或已不在任");
            return null;
        }
        if (!byName.TryGetValue(text, out var ids))
        {
            fail($"代表“{text}”不存在或已不在任");
            return null;
        }
        if (ids.Count > 1)
        {
            fail($"有{ids.Count}位代表名为“{text}”，请改填代表编号（{string.Join("、", ids)}）");
            return null;
        }
        return ids[0];
    }

    /// <summary>Re-importing the same file must not file every suggestion twice.</summary>
    private async Task FindAlreadyFiledAsync(IReadOnlyList<ImportRow> rows, IReadOnlyList<SubmitSuggestion> requests, List<ImportError> errors, CancellationToken cancellationToken)
    {
        var terms = requests.Select(r => r.Term).Distinct().ToList();
        var titles = requests.Select(r => r.Title).Distinct().ToList();
        var existing = await db.Set<Suggestion>().AsNoTracking()
            .Where(s => terms.Contains(s.Term) && titles.Contains(s.Title))
            .Select(s => new { s.Term, s.Session, s.LeadDeputyId, s.Title, s.Number })
            .ToListAsync(cancellationToken);
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            var match = existing.FirstOrDefault(s => s.Term == r.Term && s.Session == r.Session && s.LeadDeputyId == r.LeadDeputyId && s.Title == r.Title);
            if (match is not null)
            {
                errors.Add(new ImportError(rows[i].RowNumber, ImportField.Title, $"该领衔代表已提出同题建议（第{match.Number}号），请勿重复提交"));
            }
        }
    }

    private static ImportField FieldOf(string key) =>
        ImportField.Columns.FirstOrDefault(f => string.Equals(f.Name, key, StringComparison.OrdinalIgnoreCase)) ?? ImportField.File;
}
