using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SupervisionFlow.Trials;

/// <summary>A fresh database for one trial, read with plain SQL (the books are checked outside the host).</summary>
public sealed class TrialDatabase : IAsyncDisposable
{
    private readonly string? _serverConnection;
    private readonly string? _databaseName;

    private TrialDatabase(string provider, string connectionString, string? serverConnection, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _serverConnection = serverConnection;
        _databaseName = databaseName;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TrialDatabase> CreateAsync(TrialSettings settings, string folder, int trial)
    {
        if (!settings.IsPostgres)
        {
            return new TrialDatabase("Sqlite", $"Data Source={Path.Combine(folder, "trial.db")}", null, null);
        }
        var name = $"sf_trials_{Environment.ProcessId}_{trial}_{Guid.NewGuid():N}"[..40];
        await using (var server = new NpgsqlConnection(settings.Connection))
        {
            await server.OpenAsync();
            await using var create = server.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(settings.Connection) { Database = name };
        return new TrialDatabase("PostgreSQL", builder.ConnectionString, settings.Connection, name);
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Provider == "PostgreSQL" ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/> and maps each row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_serverConnection is null)
        {
            SqliteConnection.ClearAllPools();
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_serverConnection);
        await server.OpenAsync();
        await using var drop = server.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }
}
