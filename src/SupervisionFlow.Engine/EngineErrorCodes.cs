namespace SupervisionFlow.Engine;

/// <summary>
/// Stable codes of the engine's run-time refusals (<see cref="EngineException.Code"/>), in the style of the deployment
/// codes: a page or a program matches the code, never the English message. Numbers are never reused.
/// </summary>
public static class EngineErrorCodes
{
    /// <summary>No open task has that id, and history has no trace of it.</summary>
    public const string TaskNotFound = "SF-ENGINE-001";

    /// <summary>The task was completed (by someone else, or in another tab) before this command.</summary>
    public const string TaskAlreadyCompleted = "SF-ENGINE-002";

    /// <summary>The task was cancelled (its activity was interrupted) before this command.</summary>
    public const string TaskCanceled = "SF-ENGINE-003";

    /// <summary>The task is assigned to another user.</summary>
    public const string TaskAssignedToOther = "SF-ENGINE-004";

    /// <summary>A claim lost: the task is already claimed by another user.</summary>
    public const string TaskClaimedByOther = "SF-ENGINE-005";

    /// <summary>The task's execution has moved on (the instance changed under it).</summary>
    public const string TaskStale = "SF-ENGINE-006";

    /// <summary>The instance's revision changed between load and save: another command won the race. Nothing was saved.</summary>
    public const string RevisionConflict = "SF-ENGINE-007";

    /// <summary>The instance is no longer active (completed or terminated).</summary>
    public const string InstanceNotActive = "SF-ENGINE-008";

    /// <summary>No process instance has that id.</summary>
    public const string InstanceNotFound = "SF-ENGINE-009";

    /// <summary>No deployed definition has that key, version or id.</summary>
    public const string DefinitionNotFound = "SF-ENGINE-010";

    /// <summary>No incident has that id.</summary>
    public const string IncidentNotFound = "SF-ENGINE-011";

    /// <summary>Two deployments of the same process raced; deploy again.</summary>
    public const string DeploymentRace = "SF-ENGINE-012";

    /// <summary>Submitted variables fail the task's form (see <see cref="EngineValidationException.FieldProblems"/>).</summary>
    public const string FormInvalid = "SF-ENGINE-030";

    /// <summary>A required form field is missing.</summary>
    public const string FieldRequired = "SF-ENGINE-031";

    /// <summary>A form field should be text.</summary>
    public const string FieldNotText = "SF-ENGINE-032";

    /// <summary>A form field should be a whole number.</summary>
    public const string FieldNotWholeNumber = "SF-ENGINE-033";

    /// <summary>A form field should be true or false.</summary>
    public const string FieldNotBoolean = "SF-ENGINE-034";

    /// <summary>A form field should be an ISO date.</summary>
    public const string FieldNotDate = "SF-ENGINE-035";

    /// <summary>A form field should be one of its enum values.</summary>
    public const string FieldNotInEnum = "SF-ENGINE-036";

    /// <summary>A process variable's JSON is larger than <see cref="EngineOptions.VariableMaxBytes"/>.</summary>
    public const string VariableTooLarge = "SF-ENGINE-037";

    /// <summary>A process variable nests objects/arrays deeper than <see cref="EngineOptions.VariableMaxDepth"/>.</summary>
    public const string VariableTooDeep = "SF-ENGINE-038";

    /// <summary>A flow cannot go on: no gateway condition holds and there is no default flow.</summary>
    public const string NoFlowTaken = "SF-ENGINE-040";

    /// <summary>A timer, due date, priority, collection or called element evaluated to an unusable value.</summary>
    public const string BadRuntimeValue = "SF-ENGINE-041";

    /// <summary>Whether the code means someone else got there first: the user should reload, not correct the input.</summary>
    public static bool IsLostRace(string? code) =>
        code is TaskAlreadyCompleted or TaskCanceled or TaskStale or RevisionConflict or TaskClaimedByOther or InstanceNotActive;
}
