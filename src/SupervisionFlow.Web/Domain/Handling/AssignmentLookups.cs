using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>
/// What the 交办 form looks up for every line (active units, leaders, committees, the meeting, the handling process),
/// read once per 交办会 chunk inside the chunk's transaction and kept beside the chunk's DbContext until the chunk
/// ends: a chunk of 200 otherwise asks the same few small tables 400 times. The form asks <see cref="For"/>; a single
/// 交办 (no chunk under way on its context) queries as before.
/// </summary>
public sealed class AssignmentLookups
{
    private static readonly ConditionalWeakTable<DbContext, AssignmentLookups> Current = [];

    private AssignmentLookups(
        HashSet<string> activeUnits, HashSet<string> leaders, HashSet<string> committees, int meetingId, ProcessTarget handling, ProcessTarget keyHandling)
    {
        ActiveUnits = activeUnits;
        Leaders = leaders;
        Committees = committees;
        MeetingId = meetingId;
        Handling = handling;
        KeyHandling = keyHandling;
    }

    public IReadOnlySet<string> ActiveUnits { get; }

    public IReadOnlySet<string> Leaders { get; }

    public IReadOnlySet<string> Committees { get; }

    /// <summary>The chunk's meeting, read inside the transaction: it exists.</summary>
    public int MeetingId { get; }

    /// <summary>The handling process an ordinary suggestion is given.</summary>
    public ProcessTarget Handling { get; }

    /// <summary>The handling process a key suggestion is given (重点督办 slot, else the default).</summary>
    public ProcessTarget KeyHandling { get; }

    /// <summary>The lookups of the chunk running on <paramref name="db"/>, or null outside a chunk.</summary>
    public static AssignmentLookups? For(DbContext db) => Current.TryGetValue(db, out var lookups) ? lookups : null;

    /// <summary>Reads the lookups (five small queries) and keeps them for <paramref name="db"/> until <see cref="End"/>.</summary>
    public static async Task BeginAsync(DbContext db, int meetingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = (await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var leaders = (await db.Set<Leader>().AsNoTracking().Select(l => l.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var committees = (await db.Set<Committee>().AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (!await db.Set<AssignmentMeeting>().AnyAsync(m => m.Id == meetingId, cancellationToken))
        {
            throw new HandlingNotFoundException($"交办会 {meetingId} 不存在。");
        }
        var handling = await ProcessSelection.HandlingProcessAsync(db, isKey: false, cancellationToken);
        var keyHandling = await ProcessSelection.HandlingProcessAsync(db, isKey: true, cancellationToken);
        Current.AddOrUpdate(db, new AssignmentLookups(units, leaders, committees, meetingId, handling, keyHandling));
    }

    /// <summary>Forgets the chunk's lookups (the chunk committed or failed; the next one reads them afresh).</summary>
    public static void End(DbContext db) => Current.Remove(db);
}
