using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SupervisionFlow.Bench;

/// <summary>
/// (a) The database's own limit: single-row transactions committed one after another on the same file,
/// measured twice — plain ADO.NET (BEGIN; INSERT one row; COMMIT), the reference for the ratios, and EF Core
/// (a new DbContext, Add, SaveChanges per row), the same stack the engine's commands go through.
/// </summary>
internal static class RawCommitBenchmark
{
    private const int WarmupRows = 200;

    public static async Task<Measurement> RunAdoAsync(BenchDatabase database, int rows)
    {
        await using var connection = await database.OpenConnectionAsync();
        await InsertAsync(connection, WarmupRows);
        var watch = Stopwatch.StartNew();
        await InsertAsync(connection, rows);
        watch.Stop();
        return new Measurement("(a)  raw commit: ADO.NET BEGIN; INSERT 1 row; COMMIT", rows, watch.Elapsed, rows);
    }

    /// <summary>(a) on PostgreSQL: the same single-row transactions through Npgsql on one connection.</summary>
    public static async Task<Measurement> RunPostgresAdoAsync(BenchDatabase database, int rows)
    {
        await using var connection = await database.OpenPostgresConnectionAsync();
        await InsertAsync(connection, WarmupRows);
        var watch = Stopwatch.StartNew();
        await InsertAsync(connection, rows);
        watch.Stop();
        return new Measurement("(a)  raw commit: Npgsql BEGIN; INSERT 1 row; COMMIT", rows, watch.Elapsed, rows);
    }

    public static async Task<Measurement> RunEfCoreAsync(BenchDatabase database, int rows)
    {
        await SaveRowsAsync(database, WarmupRows);
        var commitsBefore = database.Commits.Commits;
        var watch = Stopwatch.StartNew();
        await SaveRowsAsync(database, rows);
        watch.Stop();
        return new Measurement("(a') EF Core: new DbContext, Add 1 row, SaveChanges", rows, watch.Elapsed, database.Commits.Commits - commitsBefore);
    }

    private static async Task InsertAsync(SqliteConnection connection, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO bench_rows (Value) VALUES ($value);";
            command.Parameters.AddWithValue("$value", i);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    private static async Task InsertAsync(NpgsqlConnection connection, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand("INSERT INTO bench_rows (\"Value\") VALUES ($1)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = i });
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    private static async Task SaveRowsAsync(BenchDatabase database, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            await using var db = database.CreateContext();
            db.Rows.Add(new BenchRow { Value = i });
            await db.SaveChangesAsync();
        }
    }
}
