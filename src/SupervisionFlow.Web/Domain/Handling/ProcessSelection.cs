using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>The kinds of suggestion an administrator can give a process of its own (设计器 → 流程适用范围).</summary>
public enum ProcessSlot
{
    /// <summary>大会建议.</summary>
    Session,

    /// <summary>闭会建议.</summary>
    BetweenSession,

    /// <summary>
    /// 重点督办建议 known as key when filed. Most become key only at 交办, inside the running process; those keep the
    /// process they started with (an instance is pinned to its definition version).
    /// </summary>
    Key,
}

/// <summary>
/// One administrator's choice: new suggestions of <see cref="Slot"/> start <see cref="DefinitionKey"/>, at
/// <see cref="Version"/> or the latest version when null. No row means the default (<see cref="ProcessKeys"/>).
/// </summary>
/// <remarks>
/// A table rather than a JSON file under data/: with PostgreSQL several nodes serve the same suggestions, and each
/// must start the same process; a row is shared, versioned by the database's backups and changed in the same
/// transaction as its audit entry.
/// </remarks>
public sealed class ProcessChoice
{
    public ProcessSlot Slot { get; set; }

    public required string DefinitionKey { get; set; }

    public int? Version { get; set; }

    public required string ChangedBy { get; set; }

    public DateTime ChangedAt { get; set; }
}

/// <summary>Which process a new suggestion starts; <see cref="Version"/> null is the latest version at start.</summary>
public sealed record ProcessTarget(string DefinitionKey, int? Version)
{
    public override string ToString() =>
        Version is { } version ? $"{DefinitionKey}:{version.ToString(CultureInfo.InvariantCulture)}" : $"{DefinitionKey}:最新版本";
}

/// <summary>A slot as the designer shows it: what it resolves to and whether that is an administrator's choice.</summary>
public sealed record ProcessSlotView(ProcessSlot Slot, string Label, ProcessTarget? Target, bool IsDefault, string? ChangedBy, DateTime? ChangedAt);

/// <summary>
/// Chooses the process for a new suggestion (the intake asks it) and keeps the administrators' choices. Running
/// suggestions are not affected: the engine pins each instance to the version it started.
/// </summary>
public sealed class ProcessSelection(AppDbContext db, ProcessEngine engine, TimeProvider clock)
{
    public static string Label(ProcessSlot slot) => slot switch
    {
        ProcessSlot.Session => "大会建议",
        ProcessSlot.BetweenSession => "闭会建议",
        _ => "重点督办建议",
    };

    /// <summary>The built-in choice; the key slot has none and falls back to the suggestion's kind.</summary>
    public static ProcessTarget? Default(ProcessSlot slot) => slot switch
    {
        ProcessSlot.Session => new ProcessTarget(ProcessKeys.SessionSuggestion, null),
        ProcessSlot.BetweenSession => new ProcessTarget(ProcessKeys.BetweenSessionSuggestion, null),
        _ => null,
    };

    public async Task<ProcessTarget> ForNewSuggestionAsync(SuggestionKind kind, bool isKey, CancellationToken cancellationToken = default)
    {
        var choices = await db.Set<ProcessChoice>().AsNoTracking().ToListAsync(cancellationToken);
        if (isKey && choices.FirstOrDefault(c => c.Slot == ProcessSlot.Key) is { } key)
        {
            return new ProcessTarget(key.DefinitionKey, key.Version);
        }
        var slot = kind == SuggestionKind.Session ? ProcessSlot.Session : ProcessSlot.BetweenSession;
        return choices.FirstOrDefault(c => c.Slot == slot) is { } chosen
            ? new ProcessTarget(chosen.DefinitionKey, chosen.Version)
            : Default(slot)!;
    }

    public async Task<IReadOnlyList<ProcessSlotView>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var choices = await db.Set<ProcessChoice>().AsNoTracking().ToDictionaryAsync(c => c.Slot, cancellationToken);
        return [.. Enum.GetValues<ProcessSlot>().Select(slot => choices.TryGetValue(slot, out var c)
            ? new ProcessSlotView(slot, Label(slot), new ProcessTarget(c.DefinitionKey, c.Version), false, c.ChangedBy, c.ChangedAt)
            : new ProcessSlotView(slot, Label(slot), Default(slot), true, null, null))];
    }

    /// <summary>
    /// Sets a slot; an empty <paramref name="definitionKey"/> goes back to the default. The key and version must be
    /// deployed, so a typo cannot stop every new suggestion from starting.
    /// </summary>
    public async Task SetAsync(ProcessSlot slot, string? definitionKey, int? version, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsAdmin)
        {
            throw new HandlingForbiddenException("只有系统管理员可以设置流程适用范围。");
        }
        definitionKey = string.IsNullOrWhiteSpace(definitionKey) ? null : definitionKey.Trim();
        if (definitionKey is not null)
        {
            var versions = await engine.GetDefinitionsAsync(definitionKey, cancellationToken);
            if (versions.Count == 0)
            {
                throw new HandlingValidationException($"流程“{definitionKey}”尚未部署。", new Dictionary<string, string> { ["definitionKey"] = "流程尚未部署" });
            }
            if (version is { } v && versions.All(d => d.Version != v))
            {
                throw new HandlingValidationException($"流程“{definitionKey}”没有第 {v} 版。", new Dictionary<string, string> { ["version"] = "该版本不存在" });
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Set<ProcessChoice>().SingleOrDefaultAsync(c => c.Slot == slot, cancellationToken);
        if (definitionKey is null)
        {
            if (row is not null)
            {
                db.Remove(row);
            }
        }
        else if (row is null)
        {
            db.Add(new ProcessChoice { Slot = slot, DefinitionKey = definitionKey, Version = version, ChangedBy = actor.UserName, ChangedAt = now });
        }
        else
        {
            row.DefinitionKey = definitionKey;
            row.Version = version;
            row.ChangedBy = actor.UserName;
            row.ChangedAt = now;
        }
        var target = definitionKey is null ? "默认" : new ProcessTarget(definitionKey, version).ToString();
        AuditTrail.Add(db, actor.UserName, "process-selection.changed", null, $"{Label(slot)} → {target}", now);
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static void Map(ModelBuilder model) =>
        model.Entity<ProcessChoice>(e =>
        {
            e.ToTable("process_choices");
            e.HasKey(c => c.Slot);
            e.Property(c => c.Slot).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.DefinitionKey).HasMaxLength(255);
            e.Property(c => c.ChangedBy).HasMaxLength(100);
        });
}
