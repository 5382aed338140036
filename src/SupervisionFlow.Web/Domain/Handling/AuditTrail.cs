using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Domain.Audit;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>Appends to the audit trail in the caller's DbContext, so the entry commits with the change it describes.</summary>
public static class AuditTrail
{
    public static void Add(DbContext db, string actor, string action, int? suggestionId, string? details, DateTime nowUtc) =>
        db.Add(new AuditEntry { At = nowUtc, Actor = actor, Action = action, SuggestionId = suggestionId, Details = details });
}
