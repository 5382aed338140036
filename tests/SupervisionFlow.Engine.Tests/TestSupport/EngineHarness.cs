using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Tasks;

namespace SupervisionFlow.Engine.Tests.TestSupport;

/// <summary>
/// One engine on a fresh database of its own (a SQLite file in WAL mode, or a new PostgreSQL database), a manual clock
/// and helpers. Dispose it to delete the database. <see cref="NewEngineAsync"/> gives a second engine on the same
/// database: a restarted host, or another node.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    /// <summary>Monday 2026-03-02 01:00 UTC (09:00 in Beijing): where every harness clock starts.</summary>
    public static readonly DateTimeOffset StartTime = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly Func<ValueTask> _dropDatabase;

    private EngineHarness(
        TestDatabase database, string connectionString, DbContextOptions<TestDbContext> dbOptions,
        ServiceTaskHandlers handlers, ExpressionFunctions functions, EngineOptions options, Func<ValueTask> dropDatabase)
    {
        Database = database;
        ConnectionString = connectionString;
        DbOptions = dbOptions;
        Handlers = handlers;
        Functions = functions;
        Options = options;
        _dropDatabase = dropDatabase;
        Clock = new FakeTimeProvider(StartTime);
        CreateDbContext = () => new TestDbContext(dbOptions);
        Engine = CreateEngine();
    }

    public TestDatabase Database { get; }

    /// <summary>The connection string of this harness's own database.</summary>
    public string ConnectionString { get; }

    public DbContextOptions<TestDbContext> DbOptions { get; }

    public FakeTimeProvider Clock { get; }

    public ServiceTaskHandlers Handlers { get; }

    public ExpressionFunctions Functions { get; }

    public EngineOptions Options { get; }

    public ProcessEngine Engine { get; }

    public Func<TestDbContext> CreateDbContext { get; }

    /// <summary>Creates a fresh database with the engine's tables and an engine on it.</summary>
    public static async Task<EngineHarness> CreateAsync(
        TestDatabase db = TestDatabase.Sqlite,
        Action<ServiceTaskHandlers>? handlers = null,
        EngineOptions? options = null,
        Action<ExpressionFunctions>? functions = null)
    {
        var handlerSet = new ServiceTaskHandlers();
        handlers?.Invoke(handlerSet);
        var functionSet = new ExpressionFunctions();
        functions?.Invoke(functionSet);
        options ??= new EngineOptions();

        var (connectionString, dbOptions, drop) = db switch
        {
            TestDatabase.Sqlite => await CreateSqliteAsync(),
            TestDatabase.PostgreSql => await CreatePostgresAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(db), db, null),
        };
        try
        {
            await using (var context = new TestDbContext(dbOptions))
            {
                await context.Database.EnsureCreatedAsync();
            }
            if (db == TestDatabase.Sqlite)
            {
                await using var context = new TestDbContext(dbOptions);
                // WAL is a property of the file: set once, every later connection uses it (as the host does).
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }
        catch
        {
            await drop();
            throw;
        }
        return new EngineHarness(db, connectionString, dbOptions, handlerSet, functionSet, options, drop);
    }

    /// <summary>A second engine on the same database, handlers and clock: the host after a restart, or a second node.</summary>
    public Task<ProcessEngine> NewEngineAsync() => Task.FromResult(CreateEngine());

    private ProcessEngine CreateEngine() => new(CreateDbContext, Clock, Handlers, Functions, Options);

    // ---------------------------------------------------------------- fixtures

    /// <summary>Reads a fixture copied to the output folder, e.g. <c>"Elements/Gateways/ExclusiveGateway.bpmn"</c>.</summary>
    public static string ReadFixture(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath));

    /// <summary>Deploys a fixture file, e.g. <c>DeployFixtureAsync("Elements/Gateways/ExclusiveGateway.bpmn")</c>.</summary>
    public Task<DeploymentResult> DeployFixtureAsync(string relativePath) => Engine.DeployAsync(ReadFixture(relativePath));

    /// <summary>Deploys every fixture given, in order (e.g. a called process before its caller).</summary>
    public async Task DeployFixturesAsync(params string[] relativePaths)
    {
        foreach (var path in relativePaths)
        {
            await DeployFixtureAsync(path);
        }
    }

    // ---------------------------------------------------------------- commands

    public Task<ProcessInstanceView> StartAsync(string key, object? variables = null, string? businessKey = null, string? startedBy = null) =>
        Engine.StartProcessAsync(key, businessKey, variables is null ? null : Json(variables), startedBy: startedBy);

    /// <summary>Completes the one open task of <paramref name="instanceId"/> at <paramref name="activityId"/>.</summary>
    public async Task CompleteAsync(string instanceId, string activityId, object? variables = null, string? userId = null)
    {
        var task = await SingleTaskAsync(instanceId, activityId);
        await Engine.CompleteTaskAsync(task.Id, userId, variables is null ? null : Json(variables));
    }

    /// <summary>Moves the clock on and fires what fell due; returns how many jobs fired.</summary>
    public Task<int> AdvanceAndFireAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return Engine.FireDueJobsAsync();
    }

    // ---------------------------------------------------------------- queries

    public async Task<ProcessInstanceView> InstanceAsync(string instanceId) =>
        await Engine.GetInstanceAsync(instanceId) ?? throw new InvalidOperationException($"instance {instanceId} not found");

    public Task<IReadOnlyList<TaskView>> TasksAsync(string instanceId, string? activityId = null) =>
        Engine.FindTasksAsync(new TaskQuery(ProcessInstanceId: instanceId, ActivityId: activityId));

    /// <summary>The instance's only open task (at <paramref name="activityId"/>, when given); fails the test otherwise.</summary>
    public async Task<TaskView> SingleTaskAsync(string instanceId, string? activityId = null) =>
        Assert.Single(await TasksAsync(instanceId, activityId));

    /// <summary>The activity ids of the instance's open tasks, sorted.</summary>
    public async Task<IReadOnlyList<string>> TaskActivityIdsAsync(string instanceId) =>
        [.. (await TasksAsync(instanceId)).Select(t => t.ActivityId).Order(StringComparer.Ordinal)];

    /// <summary>The ids of the activities whose history rows ended, in start order.</summary>
    public async Task<IReadOnlyList<string>> HistoryActivityIdsAsync(string instanceId) =>
        [.. (await Engine.GetHistoryAsync(instanceId)).Select(h => h.ActivityId)];

    // ---------------------------------------------------------------- values

    /// <summary>An anonymous object as JSON variables: <c>Json(new { amount = 150 })</c>.</summary>
    public static JsonObject Json(object value) =>
        JsonSerializer.SerializeToNode(value)?.AsObject() ?? throw new ArgumentException("not a JSON object", nameof(value));

    /// <summary>A JSON number variable as a double (the engine keeps numbers double-valued).</summary>
    public static double Number(JsonNode? node) =>
        node is null ? throw new ArgumentNullException(nameof(node), "variable missing")
            : double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A JSON string variable, or null when missing.</summary>
    public static string? Text(JsonNode? node) => node?.GetValue<string>();

    /// <summary>A UTC instant from ISO text: <c>Utc("2026-03-05T01:00:00Z")</c>.</summary>
    public static DateTime Utc(string iso) =>
        DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;

    // ---------------------------------------------------------------- databases

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose(); // its kept SQLite connections
        await _dropDatabase();
    }

    private static Task<(string, DbContextOptions<TestDbContext>, Func<ValueTask>)> CreateSqliteAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sf-engine-tests");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file};Default Timeout=30";
        var options = new DbContextOptionsBuilder<TestDbContext>().UseSqlite(connectionString).Options;
        ValueTask Drop()
        {
            using (var connection = new SqliteConnection(connectionString))
            {
                SqliteConnection.ClearPool(connection);
            }
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                    // a straggling connection still holds it: the temp folder is disposable anyway
                }
            }
            return ValueTask.CompletedTask;
        }
        return Task.FromResult((connectionString, options, (Func<ValueTask>)Drop));
    }

    private static async Task<(string, DbContextOptions<TestDbContext>, Func<ValueTask>)> CreatePostgresAsync()
    {
        var admin = TestDatabases.PostgresConnectionString
            ?? throw new InvalidOperationException(TestDatabases.PostgresSkipReason);
        var name = $"sf_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var options = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connectionString).Options;
        async ValueTask Drop()
        {
            await using (var own = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(own);
            }
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        return (connectionString, options, Drop);
    }
}
