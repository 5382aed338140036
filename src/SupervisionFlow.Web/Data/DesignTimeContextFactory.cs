using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// The context <c>dotnet ef</c> uses (README, "Database migrations"), on the provider named after <c>--</c>:
/// <c>dotnet ef migrations script -- --provider SqlServer</c>. Without it the tool would start the host and get the
/// configured provider only. The connection string is a placeholder unless <c>--connection</c> gives one: writing a
/// script or listing migrations never opens it.
/// </summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    private static readonly Dictionary<DatabaseProvider, string> Placeholders = new()
    {
        [DatabaseProvider.Sqlite] = DatabaseOptions.DefaultConnectionString,
        [DatabaseProvider.PostgreSQL] = "Host=localhost;Database=supervisionflow",
        [DatabaseProvider.SqlServer] = "Server=localhost;Database=SupervisionFlow;Integrated Security=true;TrustServerCertificate=true",
    };

    public AppDbContext CreateDbContext(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var provider = Enum.Parse<DatabaseProvider>(Argument(args, "--provider") ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true);
        var connectionString = Argument(args, "--connection") ?? Placeholders[provider];
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseExtensions.Configure(options, provider, connectionString);
        return new AppDbContext(options.Options);
    }

    private static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
