using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// Which provider a context runs on, by EF's provider name: the engine references only EF Core's relational package,
/// not the providers' own <c>IsSqlite()</c> / <c>IsNpgsql()</c>.
/// </summary>
internal static class DatabaseKinds
{
    public static bool IsSqlite(DbContext db) => db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    public static bool IsNpgsql(DbContext db) => db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";
}
