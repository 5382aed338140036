using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Domain.Directory;

namespace SupervisionFlow.Web.Notifications;

/// <summary>Someone a notice is for. <see cref="Phone"/> is set for deputies only (the SMS channel is for deputies).</summary>
public sealed record Recipient(string Group, string Name, string? Email, string? Phone = null, int? DeputyId = null);

/// <summary>What a set of candidate groups resolved to; <see cref="Unresolved"/> explains groups that gave no address.</summary>
public sealed record RecipientSet(IReadOnlyList<Recipient> Recipients, IReadOnlyList<string> Unresolved)
{
    public IReadOnlyList<Recipient> WithEmail => [.. Recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email)).DistinctBy(r => r.Email!.Trim().ToUpperInvariant())];

    public IReadOnlyList<Recipient> WithPhone => [.. Recipients.Where(r => !string.IsNullOrWhiteSpace(r.Phone)).DistinctBy(r => r.Phone!.Trim())];
}

/// <summary>
/// Resolves the engine's candidate groups to mail addresses from the directory tables: <c>office</c> (联工委,
/// <c>Notifications:OfficeEmail</c>), <c>unit:{unitId}</c> (the unit's mailbox), <c>unitHead:{unitId}</c> (the unit
/// head), <c>deputy:{deputyId}</c>, <c>committee:{committeeId}</c>, <c>leader:{leaderId}</c> and <c>leaders</c> (all leaders).
/// </summary>
public sealed class RecipientDirectory(IOptions<NotificationsOptions> options)
{
    public const string OfficeGroup = "office";
    public const string UnitPrefix = "unit:";
    public const string UnitHeadPrefix = "unitHead:";
    public const string DeputyPrefix = "deputy:";
    public const string CommitteePrefix = "committee:";
    public const string LeaderPrefix = "leader:";
    public const string LeadersGroup = "leaders";

    public Recipient Office => new(OfficeGroup, options.Value.OfficeName, options.Value.OfficeEmail);

    /// <summary>
    /// Resolves <paramref name="groups"/>; an <paramref name="assignee"/> that is a deputy's user name resolves to
    /// that deputy. Unknown groups and entries without an address are listed in <see cref="RecipientSet.Unresolved"/>.
    /// </summary>
    public async Task<RecipientSet> ResolveAsync(
        DbContext db, IEnumerable<string> groups, string? assignee = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(groups);
        var recipients = new List<Recipient>();
        var unresolved = new List<string>();
        foreach (var group in groups.Distinct(StringComparer.Ordinal))
        {
            var found = await ResolveGroupAsync(db, group, cancellationToken).ConfigureAwait(false);
            if (found.Count == 0 || found.All(r => string.IsNullOrWhiteSpace(r.Email) && string.IsNullOrWhiteSpace(r.Phone)))
            {
                unresolved.Add(found.Count == 0 ? $"{group}（目录中不存在 / not in the directory）" : $"{group}（{found[0].Name} 没有登记电子邮箱 / no e-mail address）");
            }
            recipients.AddRange(found);
        }
        if (!string.IsNullOrWhiteSpace(assignee))
        {
            var deputy = await db.Set<Deputy>().AsNoTracking()
                .FirstOrDefaultAsync(d => d.UserName == assignee, cancellationToken).ConfigureAwait(false);
            if (deputy is not null)
            {
                recipients.Add(ForDeputy(deputy));
            }
        }
        return new RecipientSet(recipients, unresolved);
    }

    public static Recipient ForDeputy(Deputy deputy)
    {
        ArgumentNullException.ThrowIfNull(deputy);
        return new(DeputyPrefix + deputy.Id.ToString(CultureInfo.InvariantCulture), $"{deputy.Name}代表", deputy.Email, deputy.Phone, deputy.Id);
    }

    private async Task<IReadOnlyList<Recipient>> ResolveGroupAsync(DbContext db, string group, CancellationToken cancellationToken)
    {
        if (group == OfficeGroup)
        {
            return [Office];
        }
        if (group == LeadersGroup)
        {
            var leaders = await db.Set<Leader>().AsNoTracking().OrderBy(l => l.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. leaders.Select(l => new Recipient(group, $"{l.Name}{l.Title}", l.Email))];
        }
        if (TryId(group, UnitPrefix, out var unitId))
        {
            var unit = await db.Set<HandlingUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, cancellationToken).ConfigureAwait(false);
            return unit is null ? [] : [new Recipient(group, unit.Name, unit.Email)];
        }
        if (TryId(group, UnitHeadPrefix, out var headUnitId))
        {
            var unit = await db.Set<HandlingUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == headUnitId, cancellationToken).ConfigureAwait(false);
            return unit is null ? [] : [new Recipient(group, $"{unit.Name}{unit.HeadName ?? "负责人"}", unit.HeadEmail)];
        }
        if (TryId(group, DeputyPrefix, out var deputyText) && int.TryParse(deputyText, NumberStyles.None, CultureInfo.InvariantCulture, out var deputyId))
        {
            var deputy = await db.Set<Deputy>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == deputyId, cancellationToken).ConfigureAwait(false);
            return deputy is null ? [] : [ForDeputy(deputy)];
        }
        if (TryId(group, CommitteePrefix, out var committeeId))
        {
            var committee = await db.Set<Committee>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == committeeId, cancellationToken).ConfigureAwait(false);
            return committee is null ? [] : [new Recipient(group, committee.Name, committee.Email)];
        }
        if (TryId(group, LeaderPrefix, out var leaderId))
        {
            var leader = await db.Set<Leader>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == leaderId, cancellationToken).ConfigureAwait(false);
            return leader is null ? [] : [new Recipient(group, $"{leader.Name}{leader.Title}", leader.Email)];
        }
        return [];
    }

    private static bool TryId(string group, string prefix, out string id)
    {
        if (group.StartsWith(prefix, StringComparison.Ordinal) && group.Length > prefix.Length)
        {
            id = group[prefix.Length..];
            return true;
        }
        id = "";
        return false;
    }
}
