using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Issue #10: a command that adds many history rows writes them before its save with one statement per table; on
/// SQLite the rows travel as one JSON parameter (<c>INSERT … SELECT … FROM json_each(@rows)</c>). They must be stored
/// exactly as the row-by-row path stores them — storage class and text of every value, identity order included. The
/// row-by-row path here is the kept connection's prepared writer, which <see cref="PreparedWritesTests"/> holds equal
/// to EF Core's own save.
/// </summary>
public sealed class BulkHistoryRowsTests
{
    private const string Fixture = "Persistence/Restart.TaskAndTimer.bpmn";
    private const string Key = "restart-task-and-timer";

    [Fact]
    public async Task StartWithManyVariables_JsonRowsAndPreparedRows_StoreIdenticalHistory()
    {
        var bulk = await StartAsync(keptConnections: 0);
        var rowByRow = await StartAsync(keptConnections: 4);

        Assert.Equal(rowByRow.Snapshot, bulk.Snapshot);
        Assert.Contains(bulk.Writes, sql => sql.Contains("INSERT INTO \"engine_history_variables\"", StringComparison.Ordinal)
                                           && sql.Contains("json_each(@rows)", StringComparison.Ordinal));
        Assert.Contains(bulk.Writes, sql => sql.Contains("INSERT INTO \"engine_history_activities\"", StringComparison.Ordinal)
                                           && sql.Contains("json_each(@rows)", StringComparison.Ordinal));
        // Every variable has its history row, with the awkward values intact.
        var variables = bulk.Snapshot.Where(r => r.StartsWith("engine_history_variables:", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, variables.Count);
        Assert.Contains(variables, r => r.Contains("ValueJson=null:NULL", StringComparison.Ordinal));
        Assert.Contains(variables, r => r.Contains("ValueJson=text:'9223372036854775807'", StringComparison.Ordinal));
        Assert.Contains(bulk.Snapshot, r => r.StartsWith("engine_history_activities:", StringComparison.Ordinal) && r.Contains("Canceled=integer:0", StringComparison.Ordinal));
        Assert.All(variables, r => Assert.Contains("SetAt=text:'2026-", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartWithManyVariables_IdentityOrder_FollowsTheOrderTheyWereSet()
    {
        var bulk = await StartAsync(keptConnections: 0);

        Assert.Equal(Names, bulk.NamesById);
    }

    private static readonly string[] Names = [.. Enumerable.Range(0, 12).Select(i => $"v{i:00}")];

    private static async Task<(List<string> Snapshot, List<string> Writes, List<string> NamesById)> StartAsync(int keptConnections)
    {
        await using var counted = await CountedEngine.CreateAsync(keptConnections, Fixture);
        var (h, engine, writes) = (counted.Harness, counted.Engine, counted.Writes);
        h.Clock.Advance(TimeSpan.FromTicks(1234567));
        var variables = new System.Text.Json.Nodes.JsonObject();
        var values = new System.Text.Json.Nodes.JsonNode?[]
        {
            "中文", "\"引号\"和'单引号'", null, 150.5, -3, long.MaxValue, true, false, "", new System.Text.Json.Nodes.JsonArray(1, "二", null),
            new System.Text.Json.Nodes.JsonObject { ["a"] = 1 }, "line\nbreak\ttab",
        };
        for (var i = 0; i < Names.Length; i++)
        {
            variables[Names[i]] = values[i];
        }
        await engine.StartProcessAsync(Key, "BK-1", variables);
        return (await PreparedWritesTests.SnapshotAsync(h.ConnectionString), [.. writes.Statements], await NamesByIdAsync(h.ConnectionString));
    }

    private static async Task<List<string>> NamesByIdAsync(string connectionString)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Name FROM engine_history_variables ORDER BY Id";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
