using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SupervisionFlow.Bench;

/// <summary>
/// Sets <c>PRAGMA synchronous</c> on every connection EF Core opens: the setting belongs to the connection, not to the
/// file, so a run in NORMAL (<c>--synchronous=normal</c>) must set it on each one. The host sets nothing and runs in
/// SQLite's default, FULL, which is also this benchmark's default.
/// </summary>
internal sealed class SynchronousPragma(string mode) : DbConnectionInterceptor
{
    public string Mode => mode;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    public void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        // mode is one of the names BenchSettings accepts, never user text
        command.CommandText = $"PRAGMA synchronous={mode};";
        command.ExecuteNonQuery();
    }
}
