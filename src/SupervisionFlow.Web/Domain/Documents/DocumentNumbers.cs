using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>
/// Allocates 文号 serials per unit and year inside the caller's open transaction (the sign-off command's). The
/// increment is one UPDATE on the counter row, which takes its row lock: a concurrent sign-off of the same unit waits
/// until this one commits or rolls back, then reads the committed value — so serials neither repeat nor skip.
/// SQLite has one writer at a time anyway (the command began with BEGIN IMMEDIATE).
/// </summary>
public static class DocumentNumbers
{
    public static async Task<int> NextAsync(DbContext db, string unitId, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction
                          ?? throw new InvalidOperationException("A 文号 is allocated only inside the command's transaction, so a failed sign-off gives it back.");
        var connection = db.Database.GetDbConnection();
        var sqlServer = db.Database.IsSqlServer();
        var insert = sqlServer
            ? """IF NOT EXISTS (SELECT 1 FROM "document_number_counters" WITH (UPDLOCK, HOLDLOCK) WHERE "UnitId" = @unit AND "Year" = @year) INSERT INTO "document_number_counters" ("UnitId", "Year", "LastSerial") VALUES (@unit, @year, 0)"""
            : """INSERT INTO "document_number_counters" ("UnitId", "Year", "LastSerial") VALUES (@unit, @year, 0) ON CONFLICT DO NOTHING""";
        var update = sqlServer
            ? """UPDATE "document_number_counters" SET "LastSerial" = "LastSerial" + 1 OUTPUT inserted."LastSerial" WHERE "UnitId" = @unit AND "Year" = @year"""
            : """UPDATE "document_number_counters" SET "LastSerial" = "LastSerial" + 1 WHERE "UnitId" = @unit AND "Year" = @year RETURNING "LastSerial" """;
        await ExecuteAsync(connection, transaction, insert, unitId, year, scalar: false, cancellationToken);
        var serial = await ExecuteAsync(connection, transaction, update, unitId, year, scalar: true, cancellationToken);
        return Convert.ToInt32(serial, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<object?> ExecuteAsync(DbConnection connection, IDbContextTransaction transaction, string sql, string unitId, int year, bool scalar, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
#pragma warning disable CA2100 // The SQL is one of the constants above; the values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        Add(command, "@unit", unitId);
        Add(command, "@year", year);
        return scalar ? await command.ExecuteScalarAsync(cancellationToken) : await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
