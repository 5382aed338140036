using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Issue #10: on SQLite, engine commands that run alone save through statements prepared once per kept connection
/// (<see cref="EngineOptions.KeptCommandConnections"/>) instead of EF Core's <c>SaveChanges</c>. The rows must be the
/// very rows EF would store — same columns, same SQLite storage classes, same text of every date — and EF must not
/// have written them. The second run also reads through prepared statements (the completion's task and instance, the
/// timer batch's instances and jobs): a value read back wrongly (a date's kind, an enum) would be written back wrongly.
/// </summary>
public sealed partial class PreparedWritesTests
{
    private const string Fixture = "Persistence/Restart.TaskAndTimer.bpmn";
    private const string Key = "restart-task-and-timer";

    private static readonly string[] Tables =
    [
        "engine_instances", "engine_tasks", "engine_task_candidates", "engine_jobs", "engine_message_subscriptions",
        "engine_incidents", "engine_history_activities", "engine_history_variables",
    ];

    [Fact]
    public async Task SameProcess_PreparedWritesAndEfCoreSave_StoreIdenticalRowsAtEveryStep()
    {
        var efCore = await RunAsync(keptConnections: 0);
        var prepared = await RunAsync(keptConnections: 4);

        Assert.Equal(4, prepared.Snapshots.Count);
        for (var step = 0; step < efCore.Snapshots.Count; step++)
        {
            Assert.Equal(efCore.Snapshots[step], prepared.Snapshots[step]);
        }
        // The snapshots hold what the steps wrote: candidates and the timer's job after the start, a finished instance at the end.
        Assert.Contains(prepared.Snapshots[0], row => row.StartsWith("engine_task_candidates:", StringComparison.Ordinal));
        Assert.Contains(prepared.Snapshots[0], row => row.StartsWith("engine_jobs:", StringComparison.Ordinal));
        Assert.Contains(prepared.Snapshots[3], row => row.StartsWith("engine_instances:", StringComparison.Ordinal) && row.Contains("State=text:'completed'", StringComparison.Ordinal));
        Assert.Contains(prepared.Snapshots[3], row => row.StartsWith("engine_history_variables:", StringComparison.Ordinal) && row.Contains("Name=text:'reply'", StringComparison.Ordinal));
        // EF wrote every row of the first run (and claimed its due job); none of the second: not the start, the
        // completions, the sweep's claim or the timer's firing.
        Assert.Contains(efCore.EfWrites, sql => sql.Contains("INSERT INTO \"engine_tasks\"", StringComparison.Ordinal));
        Assert.Contains(efCore.EfWrites, sql => sql.Contains("SET \"LockOwner\"", StringComparison.Ordinal));
        Assert.Empty(prepared.EfWrites);
    }

    [Fact]
    public async Task ManyInstances_OneSweepFiresSixTimers_StoreIdenticalRows()
    {
        // Six instances: the sweep fires six timers in one command (six job deletes, six instance and history updates,
        // history inserts), rows of one table one after another through the same prepared statements.
        var efCore = await RunManyAsync(keptConnections: 0);
        var prepared = await RunManyAsync(keptConnections: 4);

        Assert.Equal(efCore.Snapshots.Count, prepared.Snapshots.Count);
        for (var step = 0; step < efCore.Snapshots.Count; step++)
        {
            Assert.Equal(efCore.Snapshots[step], prepared.Snapshots[step]);
        }
        Assert.Equal(6, prepared.Snapshots[^1].Count(row => row.StartsWith("engine_instances:", StringComparison.Ordinal) && row.Contains("State=text:'completed'", StringComparison.Ordinal)));
        Assert.Empty(prepared.EfWrites);
    }

    [Fact]
    public async Task KeptConnection_AfterAConflict_NextCommandsStillSaveOnce()
    {
        await using var h = await EngineHarness.CreateAsync(TestDatabase.Sqlite, options: new EngineOptions { KeptCommandConnections = 1 });
        await h.DeployFixtureAsync(Fixture);
        var instance = await h.StartAsync(Key);
        var draft = await h.SingleTaskAsync(instance.Id, "draft_reply");
        await h.Engine.CompleteTaskAsync(draft.Id, "first");

        var conflict = await Assert.ThrowsAsync<EngineConflictException>(() => h.Engine.CompleteTaskAsync(draft.Id, "second"));
        Assert.Equal(EngineErrorCodes.TaskAlreadyCompleted, conflict.Code);

        Assert.Equal(1, await h.AdvanceAndFireAsync(TimeSpan.FromDays(3)));
        await h.CompleteAsync(instance.Id, "review", userId: "reviewer");
        Assert.Equal("completed", (await h.InstanceAsync(instance.Id)).State);
        var history = await h.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal("first", Assert.Single(history, a => a.ActivityId == "draft_reply").CompletedBy);
        Assert.Equal("reviewer", Assert.Single(history, a => a.ActivityId == "review").CompletedBy);
    }

    [Fact]
    public async Task KeptConnection_SqliteRefusesAPreparedWrite_NothingSavedAndTheSameCommandSavesLater()
    {
        // The handle-bound statements' error path: SQLite refuses a row midway through a save (a trigger stands in for
        // any constraint). The command must fail with SQLite's own message, leave every table as it was, and leave the
        // kept connection and its statements fit for the next command.
        await using var counted = await CountedEngine.CreateAsync(keptConnections: 1, Fixture);
        var (h, engine, writes) = (counted.Harness, counted.Engine, counted.Writes);
        var instance = await engine.StartProcessAsync(Key, "BK-1");
        var draft = Assert.Single(await engine.FindTasksAsync(new Queries.TaskQuery(ProcessInstanceId: instance.Id)));
        await ExecuteAsync(h.ConnectionString,
            "CREATE TRIGGER refuse_history BEFORE INSERT ON engine_history_variables BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        var before = await SnapshotAsync(h.ConnectionString);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => engine.CompleteTaskAsync(draft.Id, "drafter", EngineHarness.Json(new { reply = "已办理" })));

        var sqlite = Assert.IsType<SqliteException>(Flatten(refused).OfType<SqliteException>().FirstOrDefault(), exactMatch: false);
        Assert.Equal(19, sqlite.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("refused by the test", sqlite.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(h.ConnectionString));
        Assert.Empty(writes.Statements); // refused in the prepared writer, not in an EF Core save

        await ExecuteAsync(h.ConnectionString, "DROP TRIGGER refuse_history;");
        await engine.CompleteTaskAsync(draft.Id, "drafter", EngineHarness.Json(new { reply = "已办理" }));

        var after = await SnapshotAsync(h.ConnectionString);
        Assert.Single(after, row => row.StartsWith("engine_history_variables:", StringComparison.Ordinal) && row.Contains("Name=text:'reply'", StringComparison.Ordinal));
        Assert.Equal("drafter", Assert.Single(await engine.GetHistoryAsync(instance.Id), a => a.ActivityId == "draft_reply").CompletedBy);
        Assert.Empty(writes.Statements);
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(List<List<string>> Snapshots, List<string> EfWrites)> RunAsync(int keptConnections)
    {
        await using var counted = await CountedEngine.CreateAsync(keptConnections, Fixture);
        var (h, engine, writes) = (counted.Harness, counted.Engine, counted.Writes);
        var instance = await engine.StartProcessAsync(Key, "BK-1", EngineHarness.Json(new { amount = 150.5, note = "中文", flags = new[] { 1, 2 } }));
        var snapshots = new List<List<string>> { await SnapshotAsync(h.ConnectionString) };

        var draft = Assert.Single(await engine.FindTasksAsync(new Queries.TaskQuery(ProcessInstanceId: instance.Id)));
        await engine.CompleteTaskAsync(draft.Id, "drafter", EngineHarness.Json(new { reply = "已办理", pages = 3 }));
        snapshots.Add(await SnapshotAsync(h.ConnectionString));

        h.Clock.Advance(TimeSpan.FromDays(3).Add(TimeSpan.FromTicks(1234567)));
        Assert.Equal(1, await engine.FireDueJobsAsync());
        snapshots.Add(await SnapshotAsync(h.ConnectionString));

        var review = Assert.Single(await engine.FindTasksAsync(new Queries.TaskQuery(ProcessInstanceId: instance.Id)));
        await engine.CompleteTaskAsync(review.Id, "reviewer", EngineHarness.Json(new { verdict = (string?)null }));
        snapshots.Add(await SnapshotAsync(h.ConnectionString));
        return (snapshots, [.. writes.Statements]);
    }

    private static async Task<(List<List<string>> Snapshots, List<string> EfWrites)> RunManyAsync(int keptConnections)
    {
        await using var counted = await CountedEngine.CreateAsync(keptConnections, Fixture);
        var (h, engine, writes) = (counted.Harness, counted.Engine, counted.Writes);
        var snapshots = new List<List<string>>();
        for (var i = 0; i < 6; i++)
        {
            await engine.StartProcessAsync(Key, $"BK-{i}", EngineHarness.Json(new { amount = i * 10.5, note = $"第{i}件" }));
            h.Clock.Advance(TimeSpan.FromTicks(1001));
        }
        snapshots.Add(await SnapshotAsync(h.ConnectionString));
        foreach (var draft in (await engine.FindTasksAsync(new Queries.TaskQuery(DefinitionKey: Key))).OrderBy(t => t.BusinessKey, StringComparer.Ordinal))
        {
            await engine.CompleteTaskAsync(draft.Id, "drafter", EngineHarness.Json(new { reply = "已办理" }));
        }
        snapshots.Add(await SnapshotAsync(h.ConnectionString));
        h.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(6, await engine.FireDueJobsAsync());
        snapshots.Add(await SnapshotAsync(h.ConnectionString));
        foreach (var review in (await engine.FindTasksAsync(new Queries.TaskQuery(DefinitionKey: Key))).OrderBy(t => t.BusinessKey, StringComparer.Ordinal))
        {
            await engine.CompleteTaskAsync(review.Id, "reviewer");
        }
        snapshots.Add(await SnapshotAsync(h.ConnectionString));
        return (snapshots, [.. writes.Statements]);
    }

    /// <summary>Every row of every engine table as text: each column's storage class and SQL literal, ids made neutral.</summary>
    internal static async Task<List<string>> SnapshotAsync(string connectionString)
    {
        var rows = new List<string>();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            await using var columns = connection.CreateCommand();
            columns.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'Sequence' ORDER BY cid";
            var names = new List<string>();
            await using (var reader = await columns.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT {string.Join(" || ' ' || ", names.Select(n => $"'{n}=' || typeof(\"{n}\") || ':' || quote(\"{n}\")"))} FROM {table}";
            await using var rowsReader = await select.ExecuteReaderAsync();
            while (await rowsReader.ReadAsync())
            {
                rows.Add($"{table}: {Guids().Replace(rowsReader.GetString(0), "<id>")}");
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [GeneratedRegex("[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")]
    private static partial Regex Guids();
}
