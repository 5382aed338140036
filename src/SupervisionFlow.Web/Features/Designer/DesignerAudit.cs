using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Handling;

namespace SupervisionFlow.Web.Features.Designer;

/// <summary>
/// Who deployed which definition version. The engine's definition row has no user, so the designer writes
/// <c>definition.deployed</c> audit entries with details <c>key:version</c>; versions deployed from the workflows
/// folder at start-up or through the API have none.
/// </summary>
public static class DesignerAudit
{
    public const string DeployedAction = "definition.deployed";

    public static string Details(DefinitionView definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return string.Create(CultureInfo.InvariantCulture, $"{definition.Key}:{definition.Version}");
    }

    public static void Deployed(AppDbContext db, string userName, DefinitionView definition, DateTime nowUtc) =>
        AuditTrail.Add(db, userName, DeployedAction, null, Details(definition), nowUtc);

    /// <summary>key:version → the user who deployed it (the first entry, should one be written twice).</summary>
    public static async Task<IReadOnlyDictionary<string, (string Actor, DateTime At)>> DeployersAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var entries = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == DeployedAction && a.Details != null)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Details, a.Actor, a.At })
            .ToListAsync(cancellationToken);
        var result = new Dictionary<string, (string, DateTime)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            result.TryAdd(entry.Details!, (entry.Actor, entry.At));
        }
        return result;
    }
}
