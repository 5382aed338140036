using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Domain.Directory;

/// <summary>Handling units' names for display: the table is small (tens of rows), so pages read it whole.</summary>
public static class UnitNames
{
    /// <summary>Every unit's name by its id, inactive ones included (old records still name them).</summary>
    public static async Task<Dictionary<string, string>> AllAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<HandlingUnit>().AsNoTracking()
            .ToDictionaryAsync(u => u.Id, u => u.Name, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
    }
}
