using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>
/// A confirmed bulk action (<c>bulk_operations</c>): the action with its parameters, who confirmed it, and its progress.
/// <see cref="Processed"/> is the position of the first selected suggestion not yet through; it moves in the same
/// transaction as the chunk it covers, so a run that stops (a crash, a failed save) resumes there and applies nothing twice.
/// </summary>
public sealed class BulkRun
{
    public long Id { get; set; }

    public BulkAction Action { get; set; }

    public string? Reason { get; set; }

    public int? ExtendDays { get; set; }

    public DateOnly? ExtendTo { get; set; }

    public string? ToUnitId { get; set; }

    public required string RequestedBy { get; set; }

    public required string RequestedByName { get; set; }

    /// <summary>The confirming user's office/admin groups, comma-separated: the job acts with the rights checked at confirmation.</summary>
    public required string RequestedGroups { get; set; }

    public string State { get; set; } = BackgroundRunState.Queued;

    public int Total { get; set; }

    public int Processed { get; set; }

    public int DoneCount { get; set; }

    public int RefusedCount { get; set; }

    public int FailedCount { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public List<BulkRunItem> Items { get; set; } = [];

    public BulkRequest Request => new(Action, Reason, ExtendDays, ExtendTo, ToUnitId);

    public Actor Actor => new(RequestedBy, RequestedByName, RequestedGroups.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));

    public int Percent => Total == 0 ? 100 : Processed * 100 / Total;
}

/// <summary>One selected suggestion of a <see cref="BulkRun"/>, in selection order; no <see cref="Outcome"/> until its chunk is through.</summary>
public sealed class BulkRunItem
{
    public const string Done = "Done";
    public const string Refused = "Refused";
    public const string Failed = "Failed";

    public long BulkRunId { get; set; }

    public int Position { get; set; }

    public int SuggestionId { get; set; }

    /// <summary><see cref="Done"/>, <see cref="Refused"/> (checked again in its chunk) or <see cref="Failed"/> (its chunk rolled back).</summary>
    public string? Outcome { get; set; }

    /// <summary>What was changed, or why not.</summary>
    public string? Note { get; set; }
}
