using Microsoft.Data.SqlClient;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// A database of its own on the SQL Server named by <c>SF_TEST_SQLSERVER</c> (a login that may create databases, e.g.
/// <c>Server=host,1433;User ID=sa;Password=…;TrustServerCertificate=true</c>): created for one test, dropped after it.
/// No SQL Server runs on this project's machines, so these tests are skipped here; they run where one is at hand.
/// </summary>
public sealed class TestSqlServer : IAsyncDisposable
{
    public const string Variable = "SF_TEST_SQLSERVER";

    private TestSqlServer(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestSqlServer> CreateAsync()
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException($"{Variable} is not set");
        var name = $"sf_web_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE [{name}]");
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = name };
        return new TestSqlServer(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await ExecuteAsync(ServerConnectionString!,
            $"IF DB_ID(N'{Name}') IS NOT NULL BEGIN ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]; END");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
