namespace SupervisionFlow.Engine.Operations;

/// <summary>
/// What a migration does: move the active instances of <see cref="SourceDefinitionId"/> onto
/// <see cref="TargetDefinitionId"/> (the same key, another version), each active activity to the activity
/// <see cref="ActivityMapping"/> names. Boundary events are mapped like activities (a source boundary timer mapped to a
/// target boundary timer keeps its job). Due dates of tasks and timers are kept unless
/// <see cref="RecomputeDueDates"/> asks to compute them again from the target's definition, counted from now.
/// </summary>
public sealed record MigrationPlan(
    string SourceDefinitionId,
    string TargetDefinitionId,
    IReadOnlyDictionary<string, string> ActivityMapping,
    bool RecomputeDueDates = false);

/// <summary>Why one instance cannot migrate under a plan: a stable code and the source element concerned.</summary>
public sealed record MigrationProblem(string ProcessInstanceId, string? BusinessKey, string Code, string? ElementId, string Message);

/// <summary>A dry run: how many instances would migrate and which would not, with why.</summary>
public sealed record MigrationDryRun(int Instances, int Migratable, IReadOnlyList<MigrationProblem> Failures);

/// <summary>One migrated instance: what moved and which waits went, came or stayed.</summary>
public sealed record MigratedInstance(
    string ProcessInstanceId,
    string? BusinessKey,
    string SourceDefinitionId,
    string TargetDefinitionId,
    IReadOnlyList<string> ActiveActivityIds,
    int TimersKept,
    int TimersRemoved,
    int TimersCreated);

/// <summary>Where a running migration stands after a chunk.</summary>
public sealed record MigrationProgress(int Total, int Processed, int Migrated, int Failed);

/// <summary>The outcome of a migration run: every instance either migrated or reported with its problem.</summary>
public sealed record MigrationResult(int Instances, IReadOnlyList<MigratedInstance> Migrated, IReadOnlyList<MigrationProblem> Failures);

/// <summary>
/// How a migration run goes: <see cref="ChunkSize"/> instances per transaction; <see cref="OnMigrated"/> writes the
/// host's rows for one migrated instance (its audit entry) into the chunk's DbContext, so they commit together;
/// <see cref="OnProgress"/> hears after each chunk.
/// </summary>
public sealed record MigrationRunOptions
{
    public const int DefaultChunkSize = 50;

    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>The user recorded on the history's migration entry.</summary>
    public string? UserId { get; init; }

    public Action<Microsoft.EntityFrameworkCore.DbContext, MigratedInstance>? OnMigrated { get; init; }

    public Func<MigrationProgress, CancellationToken, Task>? OnProgress { get; init; }
}

/// <summary>An activity of a definition version that a token can wait at or pass (start and end events left out), for mapping pages.</summary>
public sealed record MigrationActivity(string Id, string? Name, string ElementType);
