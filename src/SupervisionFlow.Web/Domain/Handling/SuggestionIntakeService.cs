using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>What a deputy (or the office on the deputy's behalf) files.</summary>
public sealed record SubmitSuggestion(
    SuggestionKind Kind,
    int Term,
    int Session,
    string Title,
    string Content,
    string Category,
    string? FormedBy,
    int LeadDeputyId,
    IReadOnlyList<int> CoSignerIds,
    DisclosureConsent Disclosure,
    bool ReferenceOnly)
{
    /// <summary>
    /// 联工委代录: the office enters the deputy's (paper) suggestion for them. Only the office may; the audit trail says
    /// so, since the deputy did not file it in person.
    /// </summary>
    public bool EnteredByOffice { get; init; }
}

/// <summary>Files a suggestion: numbers it within its session and starts its handling process, in one command of the engine's runner.</summary>
public sealed class SuggestionIntakeService(AppDbContext db, ProcessEngine engine, ProcessSelection processes, TimeProvider clock)
{
    /// <summary>How the audit trail marks a suggestion the office entered for its deputy.</summary>
    public const string OnBehalfNote = "联工委代录：";

    public async Task<Suggestion> SubmitAsync(SubmitSuggestion request, Actor actor, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > 200)
        {
            errors["title"] = "请填写标题（200字以内）";
        }
        if (string.IsNullOrWhiteSpace(request.Content))
        {
            errors["content"] = "请填写建议内容";
        }
        if (string.IsNullOrWhiteSpace(request.Category))
        {
            errors["category"] = "请选择类别";
        }
        if (request.Term <= 0 || request.Session <= 0)
        {
            errors["session"] = "届次和会次必须为正数";
        }
        var deputyIds = request.CoSignerIds.Append(request.LeadDeputyId).Distinct().ToList();
        var known = await db.Set<Deputy>().Where(d => deputyIds.Contains(d.Id) && d.IsActive).Select(d => d.Id).ToListAsync(cancellationToken);
        if (!known.Contains(request.LeadDeputyId))
        {
            errors["leadDeputyId"] = "领衔代表不存在";
        }
        if (deputyIds.Except(known).Any(id => id != request.LeadDeputyId))
        {
            errors["coSignerIds"] = "附议代表中有不存在的代表";
        }
        if (!actor.IsOffice && !actor.InGroup(Actor.DeputyGroup(request.LeadDeputyId)))
        {
            throw new HandlingForbiddenException("只能以本人名义领衔提出建议。");
        }
        if (request.EnteredByOffice && !actor.IsOffice)
        {
            throw new HandlingForbiddenException("只有联工委可以代录建议。");
        }
        if (errors.Count > 0)
        {
            throw new HandlingValidationException("建议信息有误：" + string.Join("；", errors.Values), errors);
        }
        // A batch import (Features/Import) submits many suggestions in its own transaction: the runner joins it, so
        // that one failing suggestion leaves none behind; standing alone, the submission is its own transaction.
        return await engine.RunAsync(db, actor.UserName, (unit, token) => FileAsync(unit, request, actor, token), cancellationToken);
    }

    private async Task<Suggestion> FileAsync(EngineUnitOfWork unit, SubmitSuggestion request, Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = await NewSuggestionKeys.ReadAsync(db, request.Term, request.Session, request.Kind, cancellationToken);
        var suggestion = new Suggestion
        {
            Id = keys.Id ?? 0, Kind = request.Kind, Term = request.Term, Session = request.Session, Number = keys.Number, Title = request.Title.Trim(),
            Content = request.Content.Trim(), Category = request.Category.Trim(), FormedBy = request.FormedBy, LeadDeputyId = request.LeadDeputyId,
            Disclosure = request.Disclosure, ReferenceOnly = request.ReferenceOnly, State = SuggestionState.UnderReview,
            SubmittedAt = now.UtcDateTime,
            CoSigners = [.. request.CoSignerIds.Where(id => id != request.LeadDeputyId).Distinct().Select(id => new SuggestionCoSigner { DeputyId = id })],
        };
        db.Add(suggestion);
        if (keys.Id is null)
        {
            // The id is the process's business key: where the database gives it only on insert, write the row first
            // (inside the command's transaction). Elsewhere the row is saved with the engine's rows, in one save.
            await unit.AssignKeysAsync(cancellationToken);
        }
        suggestion.BusinessKey = Suggestion.KeyOf(suggestion.Id);
        // The kind decides the intake process; the handling process is decided again at 交办 (key or not).
        var process = await processes.ForNewSuggestionAsync(request.Kind, cancellationToken);
        var variables = new JsonObject
        {
            ["suggestionId"] = suggestion.Id,
            ["title"] = suggestion.Title,
            ["kind"] = request.Kind == SuggestionKind.Session ? "session" : "betweenSession",
            ["submittedAt"] = ChinaTime.DateOf(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["leadDeputyId"] = suggestion.LeadDeputyId.ToString(CultureInfo.InvariantCulture),
            ["referenceOnly"] = suggestion.ReferenceOnly,
            [ProcessKeys.HandlingProcessVariable] = ProcessSelection.Default(ProcessSlot.Key).DefinitionKey,
            [ProcessKeys.HandlingVersionVariable] = null,
        };
        var details = $"{suggestion.DisplayNumber} {suggestion.Title}";
        AuditTrail.Add(db, actor.UserName, "suggestion.submitted", suggestion.Id, request.EnteredByOffice ? OnBehalfNote + details : details, now.UtcDateTime);
        suggestion.ProcessInstanceId = await unit.StartProcessAsync(
            process.DefinitionKey, suggestion.BusinessKey, variables, process.Version, actor.UserName, cancellationToken);
        return suggestion;
    }
}
