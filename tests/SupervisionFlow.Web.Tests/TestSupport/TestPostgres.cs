using Npgsql;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// A database of its own on the throw-away cluster named by <c>SF_TEST_POSTGRES</c> (a superuser connection string
/// set by tools/test.sh): created for one test, dropped after it.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "SF_TEST_POSTGRES";

    private TestPostgres(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestPostgres> CreateAsync()
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException($"{Variable} is not set");
        var name = $"sf_web_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestPostgres(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
