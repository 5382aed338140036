using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>How much of a suggestion the viewer may see (issue #4: 背靠背 evaluations).</summary>
public enum SuggestionPerspective
{
    /// <summary>Office, administrators, leaders: everything, every rating with its deputy.</summary>
    Full,

    /// <summary>The lead deputy or a co-signer: everything but the other deputies' individual ratings.</summary>
    Deputy,

    /// <summary>A special committee supervising it: ratings only as totals of a finished round.</summary>
    Committee,

    /// <summary>A unit handling it: ratings only as totals of a finished round, never who rated what.</summary>
    Unit,
}

/// <summary>
/// Which suggestions an actor reaches, from the actor's candidate groups: office, administrators and leaders all of
/// them; a unit those it handles now (an active <see cref="SuggestionUnit"/>); a deputy those led or co-signed; a
/// committee member those assigned to the committee. Anyone else none (403).
/// </summary>
public sealed class SuggestionScope
{
    private SuggestionScope(Actor actor)
    {
        Actor = actor;
        All = actor.IsOffice || actor.IsAdmin || actor.InGroup(Actor.LeadersGroup)
              || actor.Groups.Any(g => g.StartsWith("leader:", StringComparison.Ordinal));
        UnitIds = [.. actor.UnitIds];
        DeputyIds = [.. GroupIds(actor, "deputy:").Select(id => int.TryParse(id, out var n) ? n : -1).Where(n => n > 0)];
        CommitteeIds = [.. GroupIds(actor, "committee:")];
    }

    public Actor Actor { get; }

    public bool All { get; }

    public IReadOnlyList<string> UnitIds { get; }

    public IReadOnlyList<int> DeputyIds { get; }

    public IReadOnlyList<string> CommitteeIds { get; }

    /// <summary>True when the actor may not see any suggestion at all.</summary>
    public bool IsEmpty => !All && UnitIds.Count == 0 && DeputyIds.Count == 0 && CommitteeIds.Count == 0;

    public static SuggestionScope For(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new SuggestionScope(actor);
    }

    /// <summary>The suggestions in scope, as a query the database answers.</summary>
    public IQueryable<Suggestion> Apply(IQueryable<Suggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        if (All)
        {
            return suggestions;
        }
        var units = UnitIds.ToList();
        var deputies = DeputyIds.ToList();
        var committees = CommitteeIds.ToList();
        return suggestions.Where(s =>
            s.Units.Any(u => u.IsActive && units.Contains(u.UnitId))
            || deputies.Contains(s.LeadDeputyId)
            || s.CoSigners.Any(c => deputies.Contains(c.DeputyId))
            || (s.KeyCommitteeId != null && committees.Contains(s.KeyCommitteeId)));
    }

    /// <summary>
    /// Reads suggestion <paramref name="id"/> with the units and co-signers the perspective depends on, and this actor's
    /// perspective on it: (null, null) when there is no such suggestion, a null perspective when it is out of scope.
    /// </summary>
    public async Task<(Suggestion? Suggestion, SuggestionPerspective? Perspective)> LoadAsync(DbContext db, int id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var suggestion = await db.Set<Suggestion>().AsNoTracking()
            .Include(s => s.CoSigners).Include(s => s.Units)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return (suggestion, suggestion is null ? null : PerspectiveOn(suggestion));
    }

    /// <summary>The perspective on one suggestion (with its units and co-signers loaded); null when out of scope.</summary>
    public SuggestionPerspective? PerspectiveOn(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        if (All)
        {
            return SuggestionPerspective.Full;
        }
        if (DeputyIds.Contains(suggestion.LeadDeputyId) || suggestion.CoSigners.Any(c => DeputyIds.Contains(c.DeputyId)))
        {
            return SuggestionPerspective.Deputy;
        }
        if (suggestion.KeyCommitteeId is { } committee && CommitteeIds.Contains(committee))
        {
            return SuggestionPerspective.Committee;
        }
        if (suggestion.Units.Any(u => u.IsActive && UnitIds.Contains(u.UnitId)))
        {
            return SuggestionPerspective.Unit;
        }
        return null;
    }

    private static IEnumerable<string> GroupIds(Actor actor, string prefix) =>
        actor.Groups.Where(g => g.StartsWith(prefix, StringComparison.Ordinal)).Select(g => g[prefix.Length..]);
}
