using System.Text.Json.Nodes;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// One command: a DbContext, the instances it touches, and the agenda of pending steps. Behaviours only change
/// tracked rows; <see cref="SaveAsync"/> writes everything in one transaction, guarded by each instance's revision.
/// </summary>
internal sealed class CommandContext : IDisposable
{
    private static long _historySequence = DateTime.UtcNow.Ticks;
    private readonly Queue<Action> _agenda = new();
    private readonly Dictionary<string, InstanceRuntime> _instances = new(StringComparer.Ordinal);
    private readonly bool _ownsDb;
    private readonly CommandSession? _session;
    private readonly bool _autoDetectBefore;
    private readonly Dictionary<(string Key, int? Version), DefinitionStub?> _calledDefinitions = [];

    public CommandContext(EngineRuntime runtime, string? userId = null, DbContext? db = null)
    {
        Runtime = runtime;
        _ownsDb = db is null;
        _session = db is null ? runtime.Sessions.Lease() : null;
        Db = db ?? _session!.Db;
        // A timer batch tracks thousands of rows; automatic change detection would rescan all of them on every
        // query (quadratic). Changes are detected once, just before saving. The caller's context (a domain command)
        // keeps its setting: its code may rely on changes being seen as it goes, and it tracks few rows.
        _autoDetectBefore = Db.ChangeTracker.AutoDetectChangesEnabled;
        Db.ChangeTracker.AutoDetectChangesEnabled = !_ownsDb && _autoDetectBefore;
        Now = runtime.Clock.GetUtcNow();
        UserId = userId;
        Executor = new Executor(this);
    }

    public EngineRuntime Runtime { get; }

    public DbContext Db { get; }

    public DateTimeOffset Now { get; }

    public DateTime NowUtc => Now.UtcDateTime;

    /// <summary>The user on whose behalf the command runs (completions, history).</summary>
    public string? UserId { get; }

    public Executor Executor { get; }

    /// <summary>The prepared reads of a kept SQLite connection; null otherwise.</summary>
    public PreparedReads? Reads => _session?.Reads;

    public IEnumerable<InstanceRuntime> Instances => _instances.Values;

    /// <summary>Instances whose incident this command retried: their due jobs run right after commit.</summary>
    public HashSet<string> RetriedInstances { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the command created a service-task job that should run right after commit.</summary>
    public bool CreatedServiceJobs { get; set; }

    public void Schedule(Action step) => _agenda.Enqueue(step);

    /// <summary>Runs scheduled steps until every token waits; then re-checks inclusive joins that may now fire.</summary>
    public void Run()
    {
        do
        {
            while (_agenda.TryDequeue(out var step))
            {
                step();
            }
        }
        while (Executor.ReleaseInclusiveJoins());
    }

    public InstanceRuntime Track(InstanceRuntime instance)
    {
        _instances[instance.Id] = instance;
        return instance;
    }

    /// <summary>Loads an instance for change (once per command; later calls return the same runtime).</summary>
    public async Task<InstanceRuntime> LoadInstanceAsync(string id, CancellationToken cancellationToken)
    {
        if (_instances.TryGetValue(id, out var loaded))
        {
            return loaded;
        }
        var record = await CommandQueries.For(Db).Instance(Db, id, cancellationToken)
                     ?? throw new EngineNotFoundException($"Process instance '{id}' does not exist.", EngineErrorCodes.InstanceNotFound);
        return Track(new InstanceRuntime(record, Runtime.Model(Db, record.DefinitionId)));
    }

    /// <summary>The runtime of an instance row this command read itself (with its task); once per command, as <see cref="LoadInstanceAsync"/>.</summary>
    public InstanceRuntime Adopt(ProcessInstanceRecord record) =>
        _instances.TryGetValue(record.Id, out var loaded) ? loaded : Track(new InstanceRuntime(record, Runtime.Model(Db, record.DefinitionId)));

    /// <summary>Instances whose every job row this command has loaded (a timer batch): their job lookups need no query.</summary>
    public HashSet<string> JobsLoadedFor { get; } = new(StringComparer.Ordinal);

    /// <summary>Loads many instances and all their jobs with one query each (a timer batch), instead of one per timer.</summary>
    public async Task PreloadAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        var missing = instanceIds.Where(id => !_instances.ContainsKey(id)).ToList();
        List<ProcessInstanceRecord> records;
        if (Reads is { } reads)
        {
            records = reads.Instances(missing);
            reads.JobsOf(missing);
        }
        else
        {
            records = await Db.Set<ProcessInstanceRecord>().Where(i => missing.Contains(i.Id)).ToListAsync(cancellationToken);
            await Db.Set<JobRecord>().Where(j => missing.Contains(j.ProcessInstanceId)).LoadAsync(cancellationToken);
        }
        foreach (var record in records)
        {
            Track(new InstanceRuntime(record, Runtime.Model(Db, record.DefinitionId)));
        }
        JobsLoadedFor.UnionWith(missing);
    }

    /// <summary>
    /// The definition a call activity starts (latest version when <paramref name="version"/> is null), read once per
    /// command: a 交办会 chunk starts hundreds of handling instances of the same definition. Only its id, key and
    /// version are read; the parsed model comes from the runtime's cache, so the XML is read only on a cache miss.
    /// Within one command a deployment cannot interleave (it is a command of its own), so the memo cannot go stale.
    /// </summary>
    public DefinitionStub? CalledDefinition(string key, int? version)
    {
        if (_calledDefinitions.TryGetValue((key, version), out var known))
        {
            return known;
        }
        var found = Db.Set<ProcessDefinitionRecord>().AsNoTracking()
            .Where(d => d.Key == key && (version == null || d.Version == version))
            .OrderByDescending(d => d.Version)
            .Select(d => new DefinitionStub(d.Id, d.Key, d.Version))
            .FirstOrDefault();
        _calledDefinitions[(key, version)] = found;
        return found;
    }

    /// <summary>Synchronous load for behaviours (a call activity resuming its parent, cancelling its child).</summary>
    public InstanceRuntime? LoadInstance(string id)
    {
        if (_instances.TryGetValue(id, out var loaded))
        {
            return loaded;
        }
        var record = Db.Set<ProcessInstanceRecord>().FirstOrDefault(i => i.Id == id);
        return record is null ? null : Track(new InstanceRuntime(record, Runtime.Model(Db, record.DefinitionId)));
    }

    /// <summary>
    /// Writes every touched instance and all tracked rows: the command's one <c>SaveChanges</c> (inside the runner's
    /// transaction, see <see cref="CommandService.RunAsync"/>), guarded by each instance's revision.
    /// </summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in _instances.Values)
        {
            instance.Flush();
        }
        try
        {
            if (_session?.Writer is { } writer)
            {
                writer.DetectChanges();
            }
            else
            {
                Db.ChangeTracker.DetectChanges();
            }
            await CandidateSortKeys.SyncAsync(Db, cancellationToken);
            if (_session?.Writer is { } preparedWriter && PreparedRowWriter.CanWrite(Db))
            {
                await SavePreparedAsync(preparedWriter, cancellationToken);
            }
            else if (HistoryRowsAdded < BulkHistoryRows.MinimumRows)
            {
                await Db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                await SaveWithBulkHistoryAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new EngineConflictException(
                "Another request changed this process instance at the same time (for example, the task was already completed). Nothing was changed; reload and try again.",
                e, EngineErrorCodes.RevisionConflict);
        }
    }

    /// <summary>
    /// History rows this command added (a hint: some may have been saved already by <c>AssignKeysAsync</c>); many of them
    /// are written with multi-row INSERTs before the save (<see cref="BulkHistoryRows"/>).
    /// </summary>
    public int HistoryRowsAdded { get; set; }

    /// <summary>
    /// The save of a command that added many history rows: those rows first with multi-row INSERTs, then everything else
    /// through EF, in one transaction — the caller's, or one of its own (still one commit).
    /// </summary>
    private async Task SaveWithBulkHistoryAsync(CancellationToken cancellationToken)
    {
        var autoDetect = Db.ChangeTracker.AutoDetectChangesEnabled;
        // Changes were detected just now: reading the tracker must not scan every row again.
        Db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = Db.Database.CurrentTransaction is null ? await Db.Database.BeginTransactionAsync(cancellationToken) : null;
            await BulkHistoryRows.WriteAsync(Db, cancellationToken);
            using (new NoSavepoints(Db.Database, ownTransaction: transaction is not null))
            {
                await Db.SaveChangesAsync(cancellationToken);
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            Db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// The save of a command alone on a kept SQLite connection: its rows through the connection's prepared statements in
    /// one transaction, taken in turn with the other kept connections (<see cref="CommandSessions.WriteTurnAsync"/>), then the
    /// tracked rows forgotten. A database error is a <see cref="DbUpdateException"/>, as from EF.
    /// </summary>
    private async Task SavePreparedAsync(PreparedRowWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            using var turn = await Runtime.Sessions.WriteTurnAsync(cancellationToken);
            await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
            writer.Write(transaction.GetDbTransaction());
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw new DbUpdateException("An engine command's save failed; nothing was written.", e);
        }
        // Not accepted as SaveChanges accepts them: a kept session is cleared before its next command anyway, and the
        // accept re-snapshots every row (a tenth of a timer batch's allocations) only for that snapshot to be dropped.
        // The objects keep their values, generated keys included.
        Db.ChangeTracker.Clear();
    }

    public long NextHistorySequence() => Interlocked.Increment(ref _historySequence);

    public void RecordVariable(InstanceRuntime instance, string name, JsonNode? value, string? activityInstanceId)
    {
        HistoryRowsAdded++;
        Db.Add(new HistoryVariableRecord
        {
            ProcessInstanceId = instance.Id,
            Name = name,
            ValueJson = value?.ToJsonString(),
            SetAt = NowUtc,
            ActivityInstanceId = activityInstanceId,
            SetBy = UserId,
        });
    }

    /// <summary>Sets variables (recorded in history) as a task completion, message or handler delivers them.</summary>
    public void SetVariables(InstanceRuntime instance, Execution? execution, JsonObject? variables, string? activityInstanceId)
    {
        foreach (var (name, value) in variables ?? [])
        {
            instance.SetVariable(execution, name, value);
            RecordVariable(instance, name, value, activityInstanceId);
        }
    }

    /// <summary>Returns or disposes the command's own context; a caller's (a unit of work) keeps its settings.</summary>
    public void Dispose()
    {
        if (_session is not null)
        {
            Runtime.Sessions.Return(_session);
        }
        else
        {
            Db.ChangeTracker.AutoDetectChangesEnabled = _autoDetectBefore;
        }
    }
}

/// <summary>What an instance row needs of its definition: id, key and version (not the XML).</summary>
internal sealed record DefinitionStub(string Id, string Key, int Version);
