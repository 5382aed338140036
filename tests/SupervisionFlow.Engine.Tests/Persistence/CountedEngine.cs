using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// An engine on a fresh SQLite database with a deployed fixture, its contexts recording the writes EF Core sends (the
/// kept connections' prepared statements bypass EF, so a run on them should record none).
/// </summary>
internal sealed class CountedEngine : IAsyncDisposable
{
    private CountedEngine(EngineHarness harness, ProcessEngine engine, WriteCounter writes)
    {
        Harness = harness;
        Engine = engine;
        Writes = writes;
    }

    public EngineHarness Harness { get; }

    public ProcessEngine Engine { get; }

    public WriteCounter Writes { get; }

    public static async Task<CountedEngine> CreateAsync(int keptConnections, string fixture)
    {
        var harness = await EngineHarness.CreateAsync(TestDatabase.Sqlite);
        var writes = new WriteCounter();
        var options = new DbContextOptionsBuilder<TestDbContext>().UseSqlite(harness.ConnectionString).AddInterceptors(writes).Options;
        var engine = new ProcessEngine(() => new TestDbContext(options), harness.Clock, options: new EngineOptions { KeptCommandConnections = keptConnections });
        await engine.DeployAsync(EngineHarness.ReadFixture(fixture));
        writes.Statements.Clear();
        return new CountedEngine(harness, engine, writes);
    }

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        await Harness.DisposeAsync();
    }
}

/// <summary>Records the INSERT, UPDATE and DELETE statements EF Core sends.</summary>
internal sealed class WriteCounter : DbCommandInterceptor
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Statements { get; } = new();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Observe(command);
        return ValueTask.FromResult(result);
    }

    private void Observe(DbCommand command)
    {
        if (command.CommandText.Contains("INSERT INTO", StringComparison.Ordinal) || command.CommandText.Contains("UPDATE ", StringComparison.Ordinal)
            || command.CommandText.Contains("DELETE FROM", StringComparison.Ordinal))
        {
            Statements.Enqueue(command.CommandText);
        }
    }
}
