using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Queries;

// Read models the engine hands out. Times are UTC.

public sealed record DefinitionView(string Id, string Key, int Version, string? Name, DateTime DeployedAt);

/// <summary>The outcome of a deployment: <see cref="Created"/> is false when every process in the file was unchanged.</summary>
public sealed record DeploymentResult(bool Created, IReadOnlyList<DefinitionView> Definitions);

public sealed record IncidentView(string Id, string ProcessInstanceId, string ActivityId, string JobId, string Message, DateTime CreatedAt);

public sealed record ProcessInstanceView(
    string Id,
    string DefinitionId,
    string DefinitionKey,
    int Version,
    string? BusinessKey,
    string State,
    IReadOnlyList<string> ActiveActivityIds,
    JsonObject Variables,
    IReadOnlyList<IncidentView> Incidents,
    DateTime StartedAt,
    DateTime? EndedAt,
    string? ParentInstanceId);

public sealed record InstanceQuery(string? BusinessKey = null, string? DefinitionKey = null, string? State = null);

public sealed record HistoryView(
    string ActivityInstanceId, string ActivityId, string ActivityType, string? ActivityName,
    DateTime StartedAt, DateTime? EndedAt, string? CompletedBy, bool Canceled);

public sealed record VariableHistoryView(string Name, JsonNode? Value, DateTime SetAt, string? ActivityInstanceId, string? SetBy);

public sealed record TaskView(
    string Id,
    string? Name,
    string ActivityId,
    string ProcessInstanceId,
    string DefinitionKey,
    string? BusinessKey,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    DateTime? DueAt,
    DateTime? FollowUpAt,
    int Priority,
    string? FormKey,
    DateTime CreatedAt,
    JsonObject Variables,
    IReadOnlyList<FormField> FormFields);

/// <summary>Task filters; every given filter must match. <see cref="CandidateUser"/> also matches the user's own tasks.</summary>
public sealed record TaskQuery(
    string? ProcessInstanceId = null,
    string? Assignee = null,
    string? CandidateGroup = null,
    string? CandidateUser = null,
    string? ActivityId = null,
    DateTime? DueBefore = null,
    string? BusinessKey = null,
    string? DefinitionKey = null,
    IReadOnlyCollection<string>? AnyCandidateGroup = null);

public sealed record TimerView(string Id, string ProcessInstanceId, string ActivityId, DateTime? DueAt, string? Period, int RemainingRepeats);
