namespace SupervisionFlow.Engine.Persistence;

// Rows of the engine's tables. They are public because the host's DbContext maps them (ApplyEngineModel);
// only the engine writes them. All times are UTC.

/// <summary>One deployed version of one BPMN process.</summary>
public sealed class ProcessDefinitionRecord
{
    /// <summary><c>key:version</c>, e.g. <c>suggestion-handling:3</c>.</summary>
    public required string Id { get; set; }

    public required string Key { get; set; }

    public int Version { get; set; }

    public string? Name { get; set; }

    /// <summary>The whole deployed file (a file may hold several processes).</summary>
    public required string Xml { get; set; }

    /// <summary>SHA-256 of the XML: an unchanged file deploys no new version.</summary>
    public required string XmlHash { get; set; }

    public DateTime DeployedAt { get; set; }
}

/// <summary>A process instance: its execution tree and variables as JSON, guarded by <see cref="Revision"/>.</summary>
public sealed class ProcessInstanceRecord
{
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    public required string DefinitionKey { get; set; }

    public int DefinitionVersion { get; set; }

    public string? BusinessKey { get; set; }

    /// <summary><c>active</c>, <c>completed</c> or <c>terminated</c>.</summary>
    public required string State { get; set; }

    /// <summary>The execution (token) tree, serialised by the engine.</summary>
    public required string ExecutionsJson { get; set; }

    /// <summary>Process-level variables as a JSON object.</summary>
    public required string VariablesJson { get; set; }

    /// <summary>Optimistic-concurrency token: every command increments it; a stale write fails.</summary>
    public int Revision { get; set; }

    /// <summary>The calling instance when started by a call activity.</summary>
    public string? ParentInstanceId { get; set; }

    public string? ParentExecutionId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }
}

/// <summary>An open user task. Its id is also the id of its activity instance in history.</summary>
public sealed class UserTaskRecord
{
    public required string Id { get; set; }

    public required string ProcessInstanceId { get; set; }

    public required string ExecutionId { get; set; }

    public required string ActivityId { get; set; }

    public string? Name { get; set; }

    public required string DefinitionKey { get; set; }

    public string? BusinessKey { get; set; }

    public string? Assignee { get; set; }

    /// <summary>Who delegated the task and gets it back when the delegate resolves it (Camunda's task owner).</summary>
    public string? Owner { get; set; }

    /// <summary><c>PENDING</c> while delegated, <c>RESOLVED</c> once given back; null when never delegated.</summary>
    public string? DelegationState { get; set; }

    public DateTime? DueAt { get; set; }

    public DateTime? FollowUpAt { get; set; }

    public int Priority { get; set; }

    public string? FormKey { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Variables local to the task's execution (e.g. a multi-instance element variable), JSON object.</summary>
    public required string LocalVariablesJson { get; set; }

    public List<TaskCandidateRecord> Candidates { get; set; } = [];
}

/// <summary>A candidate group or user of an open task.</summary>
public sealed class TaskCandidateRecord
{
    public long Id { get; set; }

    public required string TaskId { get; set; }

    /// <summary><c>group</c> or <c>user</c>.</summary>
    public required string Kind { get; set; }

    public required string Value { get; set; }

    /// <summary>
    /// The task's due date, or <see cref="NoDue"/> when it has none: a copy kept by the engine in the same save as the
    /// task (<see cref="CandidateSortKeys"/>), so a list of one group's tasks sorted by deadline is a range of the
    /// candidate index, with tasks without a deadline last.
    /// </summary>
    public DateTime DueOrLast { get; set; } = NoDue;

    /// <summary>The task's creation time (the second sort key of task lists), copied like <see cref="DueOrLast"/>.</summary>
    public DateTime TaskCreatedAt { get; set; }

    /// <summary>What <see cref="DueOrLast"/> holds for a task without a due date: after every real one.</summary>
    public static readonly DateTime NoDue = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
}

/// <summary>What a job row does when it falls due.</summary>
public enum JobKind
{
    Timer = 0,
    ServiceTask = 1,
}

/// <summary>A timer or a service-task run, due at <see cref="DueAt"/>, claimed by a sweep through <see cref="LockOwner"/>.</summary>
public sealed class JobRecord
{
    public required string Id { get; set; }

    public JobKind Kind { get; set; }

    public required string ProcessInstanceId { get; set; }

    public required string ExecutionId { get; set; }

    /// <summary>The timer event (catch or boundary) or the service task.</summary>
    public required string ActivityId { get; set; }

    /// <summary>Null while the job waits on an open incident.</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>ISO 8601 period of a cycle timer.</summary>
    public string? Period { get; set; }

    /// <summary>Further firings of a cycle after this one; -1 without end.</summary>
    public int RemainingRepeats { get; set; }

    public int RetriesLeft { get; set; }

    public string? LockOwner { get; set; }

    public DateTime? LockExpiresAt { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>An execution waiting for a message (catch event, receive task or message boundary event).</summary>
public sealed class MessageSubscriptionRecord
{
    public required string Id { get; set; }

    public required string MessageName { get; set; }

    public required string ProcessInstanceId { get; set; }

    public required string ExecutionId { get; set; }

    public required string ActivityId { get; set; }

    public string? BusinessKey { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A job that failed after all its retries; the instance waits there until it is retried.</summary>
public sealed class IncidentRecord
{
    public required string Id { get; set; }

    public required string ProcessInstanceId { get; set; }

    public required string JobId { get; set; }

    public required string ActivityId { get; set; }

    public required string Message { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>History: one activity instance.</summary>
public sealed class HistoryActivityRecord
{
    public required string Id { get; set; }

    public required string ProcessInstanceId { get; set; }

    public required string ActivityId { get; set; }

    public required string ActivityType { get; set; }

    public string? ActivityName { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string? CompletedBy { get; set; }

    public bool Canceled { get; set; }

    /// <summary>Insertion order, so activities that start in the same instant keep their order.</summary>
    public long Sequence { get; set; }
}

/// <summary>History: one variable assignment.</summary>
public sealed class HistoryVariableRecord
{
    public long Id { get; set; }

    public required string ProcessInstanceId { get; set; }

    public required string Name { get; set; }

    public string? ValueJson { get; set; }

    public DateTime SetAt { get; set; }

    /// <summary>The activity instance (e.g. the completed task) that set it, null for start variables.</summary>
    public string? ActivityInstanceId { get; set; }

    public string? SetBy { get; set; }
}
