namespace SupervisionFlow.Web.Domain.Operations;

/// <summary>What a bulk action does to every selected suggestion.</summary>
public enum BulkAction
{
    /// <summary>催办: a reminder notice to each handling unit of the open handling tasks, through the outbox.</summary>
    Remind,

    /// <summary>延期: the open handling tasks' deadlines move later, by working days or to a date.</summary>
    Extend,

    /// <summary>改交办单位: the one open handling task and the steps after it go to another unit (the office's 改派).</summary>
    ChangeUnit,
}

/// <summary>
/// One bulk action with its parameters. <see cref="ExtendDays"/> (working days added to each task's current deadline)
/// and <see cref="ExtendTo"/> (one new deadline for all) are alternatives for <see cref="BulkAction.Extend"/>.
/// </summary>
public sealed record BulkRequest(BulkAction Action, string? Reason, int? ExtendDays = null, DateOnly? ExtendTo = null, string? ToUnitId = null);

/// <summary>What happens to one suggestion: the changes (one line per task), or why it is refused.</summary>
public sealed record BulkItem(int SuggestionId, string Number, string Title, IReadOnlyList<BulkChange> Changes, string? Refusal)
{
    public bool Accepted => Refusal is null;
}

/// <summary>One task's change: which unit's which step, and what happens to it.</summary>
public sealed record BulkChange(string TaskId, string UnitId, string Effect, DateOnly? NewDueOn = null);

/// <summary>The plan of a bulk action: every selected suggestion, accepted or refused.</summary>
public sealed record BulkPlan(BulkRequest Request, IReadOnlyList<BulkItem> Items)
{
    public IReadOnlyList<BulkItem> Accepted => [.. Items.Where(i => i.Accepted)];

    public IReadOnlyList<BulkItem> Refused => [.. Items.Where(i => !i.Accepted)];
}

