namespace SupervisionFlow.Engine.Operations;

/// <summary>
/// Stable codes of refused operations on live instances (modification, transfer, delegation, migration), numbered
/// apart from <see cref="EngineErrorCodes"/> so the two lists never collide. Numbers are never reused.
/// </summary>
public static class OperationErrorCodes
{
    /// <summary>No token of the instance is at the activity the operation names.</summary>
    public const string NoTokenAtActivity = "SF-ENGINE-201";

    /// <summary>The target activity does not exist, or cannot be started directly (start or boundary event).</summary>
    public const string TargetNotStartable = "SF-ENGINE-202";

    /// <summary>Source and target lie in different scopes (sub-processes): a token only moves within its scope.</summary>
    public const string TargetInOtherScope = "SF-ENGINE-203";

    /// <summary>One instance of a multi-instance activity cannot be moved elsewhere (only skipped, or the whole activity moved).</summary>
    public const string MultiInstanceItemNotMovable = "SF-ENGINE-204";

    /// <summary>No waiting timer has that id.</summary>
    public const string TimerNotFound = "SF-ENGINE-205";

    /// <summary>The timer waits on an incident (no due time): retry the incident instead.</summary>
    public const string TimerStalled = "SF-ENGINE-206";

    /// <summary>Delegation: the task is not delegated, or is already delegated.</summary>
    public const string DelegationStateInvalid = "SF-ENGINE-207";

    /// <summary>A delegated task must be resolved (given back to its owner), not completed by the delegate.</summary>
    public const string DelegatedTaskNotCompletable = "SF-ENGINE-208";

    /// <summary>A migration plan is refused (source and target of different keys, an unmapped or incompatible active activity).</summary>
    public const string MigrationPlanInvalid = "SF-ENGINE-210";

    /// <summary>Migration: the instance is not on the plan's source definition (already migrated, or another version).</summary>
    public const string MigrationSourceMismatch = "SF-ENGINE-211";

    /// <summary>Migration: an active activity of the instance has no target in the plan's mapping.</summary>
    public const string MigrationActivityUnmapped = "SF-ENGINE-212";

    /// <summary>Migration: an active activity is mapped to one of another kind (user task to receive task, timer to message, multi-instance to single …).</summary>
    public const string MigrationActivityIncompatible = "SF-ENGINE-213";

    /// <summary>Migration: an active activity is mapped into another scope than its (sub-)process's target.</summary>
    public const string MigrationScopeMismatch = "SF-ENGINE-214";
}
