using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.SuggestionsApi;

namespace SupervisionFlow.Web.Features.Portal;

/// <summary>One line of "我的建议".</summary>
public sealed record PortalRow(
    int Id, string DisplayNumber, SuggestionKind Kind, int Term, int Session, string Title, string Category, SuggestionState State,
    bool IsLead, string LeadName, IReadOnlyList<string> Units, DateOnly? ReplyDueOn, int? DaysLeft, DateTime SubmittedAt,
    IReadOnlyList<string> PendingForms);

/// <summary>
/// What the deputies' portal reads: a deputy sees only the suggestions they lead or co-signed (issue 4), and the
/// open tasks offered to them (测评, 修改, 落实情况评价).
/// </summary>
public sealed class PortalQuery(AppDbContext db, ProcessEngine engine, SuggestionReader reader)
{
    public const string EvaluateForm = "deputy:evaluate";
    public const string ReviseForm = "deputy:revise";
    public const string ProgressForm = "deputy:progress-evaluation";

    private static readonly string[] DeputyForms = [EvaluateForm, ReviseForm, ProgressForm];

    public async Task<IReadOnlyList<PortalRow>> MineAsync(int deputyId, Actor actor, CancellationToken cancellationToken)
    {
        var suggestions = await db.Set<Suggestion>().AsNoTracking().AsSplitQuery()
            .Include(s => s.Units)
            .Where(s => s.LeadDeputyId == deputyId || s.CoSigners.Any(c => c.DeputyId == deputyId))
            .OrderByDescending(s => s.SubmittedAt).ThenByDescending(s => s.Id)
            .ToListAsync(cancellationToken);
        var unitIds = suggestions.SelectMany(s => s.Units.Select(u => u.UnitId)).Distinct().ToList();
        var units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var leadIds = suggestions.Select(s => s.LeadDeputyId).Distinct().ToList();
        var leads = await db.Set<Deputy>().AsNoTracking().Where(d => leadIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var pending = (await OpenTasksAsync(actor, null, cancellationToken))
            .GroupBy(t => t.BusinessKey ?? "")
            .ToDictionary(g => g.Key, g => g.Select(t => t.FormKey!).Distinct().ToList());
        return [.. suggestions.Select(s => new PortalRow(
            s.Id, s.DisplayNumber, s.Kind, s.Term, s.Session, s.Title, s.Category, s.State, s.LeadDeputyId == deputyId,
            leads.GetValueOrDefault(s.LeadDeputyId, ""),
            [.. s.Units.Where(u => u.IsActive).OrderBy(u => u.Role).Select(u => units.GetValueOrDefault(u.UnitId, u.UnitId))],
            s.ReplyDueOn, reader.DaysLeft(s), s.SubmittedAt,
            pending.GetValueOrDefault(s.Id.ToString(CultureInfo.InvariantCulture)) ?? []))];
    }

    /// <summary>True when the deputy leads or co-signed the suggestion; anyone else must not learn it exists.</summary>
    public Task<bool> IsMineAsync(int suggestionId, int deputyId, CancellationToken cancellationToken) =>
        db.Set<Suggestion>().AnyAsync(s => s.Id == suggestionId && (s.LeadDeputyId == deputyId || s.CoSigners.Any(c => c.DeputyId == deputyId)), cancellationToken);

    /// <summary>The deputy's own open portal tasks, of one suggestion or of all.</summary>
    public async Task<IReadOnlyList<TaskView>> OpenTasksAsync(Actor actor, int? suggestionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var groups = actor.Groups.Where(g => g.StartsWith("deputy:", StringComparison.Ordinal)).ToList();
        if (groups.Count == 0)
        {
            return [];
        }
        var tasks = await engine.FindTasksAsync(new TaskQuery(
            BusinessKey: suggestionId?.ToString(CultureInfo.InvariantCulture), AnyCandidateGroup: groups), cancellationToken);
        return [.. tasks.Where(t => t.FormKey is not null && DeputyForms.Contains(t.FormKey) && TaskFormService.CanWork(actor, t))];
    }

    /// <summary>
    /// Active deputies whose name contains <paramref name="term"/>, for picking co-signers; with
    /// <paramref name="orDelegation"/> also those of a matching 代表团 (the office, which enters paper suggestions by
    /// delegation, picks among all the deputies).
    /// </summary>
    public async Task<IReadOnlyList<Deputy>> SearchDeputiesAsync(string term, int excludeId, bool orDelegation, CancellationToken cancellationToken)
    {
        var text = term.Trim();
        if (text.Length == 0)
        {
            return [];
        }
        return await db.Set<Deputy>().AsNoTracking()
            .Where(d => d.IsActive && d.Id != excludeId && (d.Name.Contains(text) || (orDelegation && d.Delegation.Contains(text))))
            .OrderBy(d => d.Name).ThenBy(d => d.Id)
            .Take(20)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Deputy>> DeputiesAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Deputy>().AsNoTracking().Where(d => list.Contains(d.Id)).OrderBy(d => d.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The deputy's own evaluations of the suggestion ("背靠背": never those of the other deputies).</summary>
    public async Task<IReadOnlyList<Evaluation>> MyEvaluationsAsync(int suggestionId, int deputyId, CancellationToken cancellationToken) =>
        await db.Set<Evaluation>().AsNoTracking()
            .Where(e => e.SuggestionId == suggestionId && e.DeputyId == deputyId && !e.NotEvaluated)
            .OrderBy(e => e.Round).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Why the office returned the suggestion for revision (the latest 审核 decision).</summary>
    public Task<string?> ReturnReasonAsync(int suggestionId, CancellationToken cancellationToken) =>
        db.Set<ReviewDecision>().AsNoTracking()
            .Where(r => r.SuggestionId == suggestionId && r.Outcome == ReviewOutcome.Revise)
            .OrderByDescending(r => r.Id).Select(r => r.Reason).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The latest B-class progress report, which the deputy rates in 落实情况评价.</summary>
    public Task<ProgressReport?> LatestProgressAsync(int suggestionId, CancellationToken cancellationToken) =>
        db.Set<ProgressReport>().AsNoTracking().Where(p => p.SuggestionId == suggestionId).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>届次 and 会次 the submit form starts with: the configured ones, else those of the latest suggestion.</summary>
    public async Task<(int Term, int Session)> CurrentSessionAsync(int? configuredTerm, int? configuredSession, CancellationToken cancellationToken)
    {
        if (configuredTerm is { } t && configuredSession is { } s)
        {
            return (t, s);
        }
        var latest = await db.Set<Suggestion>().AsNoTracking().OrderByDescending(x => x.Term).ThenByDescending(x => x.Session)
            .Select(x => new { x.Term, x.Session }).FirstOrDefaultAsync(cancellationToken);
        return (configuredTerm ?? latest?.Term ?? 1, configuredSession ?? latest?.Session ?? 1);
    }
}

public static class PortalServiceCollectionExtensions
{
    /// <summary>The deputies' portal (pages under <c>Features/Portal</c>).</summary>
    public static IServiceCollection AddDeputyPortal(this IServiceCollection services)
    {
        services.AddScoped<PortalQuery>();
        return services;
    }
}
