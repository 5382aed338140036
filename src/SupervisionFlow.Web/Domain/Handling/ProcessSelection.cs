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
    /// 重点督办建议: a suggestion becomes key at 交办, so this slot chooses the <em>handling</em> process the 交办 step
    /// calls (the <c>handle</c> call activity reads <c>handlingProcess</c>/<c>handlingVersion</c>), not the intake process.
    /// Without a choice key suggestions are handled like the others (<see cref="ProcessKeys.SuggestionHandling"/>).
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
public sealed record ProcessSlotView(ProcessSlot Slot, string Label, ProcessTarget Target, bool IsDefault, string? ChangedBy, DateTime? ChangedAt);

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
        _ => "重点督办建议（交办后的办理流程）",
    };

    /// <summary>The built-in choice: the intake process of the kind, or for key suggestions the ordinary handling process.</summary>
    public static ProcessTarget Default(ProcessSlot slot) => slot switch
    {
        ProcessSlot.Session => new ProcessTarget(ProcessKeys.SessionSuggestion, null),
        ProcessSlot.BetweenSession => new ProcessTarget(ProcessKeys.BetweenSessionSuggestion, null),
        _ => new ProcessTarget(ProcessKeys.SuggestionHandling, null),
    };

    /// <summary>
    /// The handling process 交办 hands a suggestion to: the administrators' choice for key suggestions, else the
    /// ordinary one. Static over the command's DbContext because the 交办 form (a singleton) runs inside that command.
    /// </summary>
    public static async Task<ProcessTarget> HandlingProcessAsync(DbContext db, bool isKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (isKey && await db.Set<ProcessChoice>().AsNoTracking().FirstOrDefaultAsync(c => c.Slot == ProcessSlot.Key, cancellationToken) is { } key)
        {
            return new ProcessTarget(key.DefinitionKey, key.Version);
        }
        return Default(ProcessSlot.Key);
    }

    /// <summary>The intake process a new suggestion of <paramref name="kind"/> starts.</summary>
    public async Task<ProcessTarget> ForNewSuggestionAsync(SuggestionKind kind, CancellationToken cancellationToken = default)
    {
        var slot = kind == SuggestionKind.Session ? ProcessSlot.Session : ProcessSlot.BetweenSession;
        return await db.Set<ProcessChoice>().AsNoTracking().FirstOrDefaultAsync(c => c.Slot == slot, cancellationToken) is { } chosen
            ? new ProcessTarget(chosen.DefinitionKey, chosen.Version)
            : Default(slot);
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
        // No engine work, but the same runner as every state change: the choice and its audit entry commit together.
        await engine.RunAsync(db, actor.UserName, async (_, token) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var row = await db.Set<ProcessChoice>().SingleOrDefaultAsync(c => c.Slot == slot, token);
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
        }, cancellationToken);
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
