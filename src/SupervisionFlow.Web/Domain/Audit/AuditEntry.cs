namespace SupervisionFlow.Web.Domain.Audit;

/// <summary>Append-only trail: who did what, when. Rows are never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    /// <summary>A stable action code, e.g. <c>suggestion.submitted</c>, <c>task.completed</c>.</summary>
    public required string Action { get; set; }

    public int? SuggestionId { get; set; }

    public string? Details { get; set; }
}
