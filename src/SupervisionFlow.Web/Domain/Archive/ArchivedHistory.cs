using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Queries;

namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>
/// One suggestion's engine history as archived: one JSON document (one gzip member of its chunk's file). The
/// instance rows themselves stay hot (the diagram and lists need them); their activity and variable history is here.
/// </summary>
public sealed record ArchivedHistory(int SuggestionId, int Term, int Session, int Number, DateTime ArchivedAt, IReadOnlyList<ArchivedInstance> Instances);

public sealed record ArchivedInstance(
    string Id, string DefinitionId, string DefinitionKey, string State, DateTime StartedAt, DateTime? EndedAt,
    IReadOnlyList<ArchivedActivity> Activities, IReadOnlyList<ArchivedVariable> Variables);

/// <summary>A row of <c>engine_history_activities</c>, every column.</summary>
public sealed record ArchivedActivity(
    string Id, string ActivityId, string ActivityType, string? ActivityName, DateTime StartedAt, DateTime? EndedAt,
    string? CompletedBy, bool Canceled, long Sequence)
{
    public static ArchivedActivity From(HistoryActivityRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.ActivityId, r.ActivityType, r.ActivityName, r.StartedAt, r.EndedAt, r.CompletedBy, r.Canceled, r.Sequence);
    }

    /// <summary>As the engine's history query gives it, so readers cannot tell the archive from the hot table.</summary>
    public HistoryView ToView() => new(Id, ActivityId, ActivityType, ActivityName, StartedAt, EndedAt, CompletedBy, Canceled);
}

/// <summary>A row of <c>engine_history_variables</c>, every column.</summary>
public sealed record ArchivedVariable(long Id, string Name, string? ValueJson, DateTime SetAt, string? ActivityInstanceId, string? SetBy)
{
    public static ArchivedVariable From(HistoryVariableRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.Name, r.ValueJson, r.SetAt, r.ActivityInstanceId, r.SetBy);
    }
}
