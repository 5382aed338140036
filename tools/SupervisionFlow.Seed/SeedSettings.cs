using System.Globalization;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Seed;

/// <summary>
/// Command-line settings of the seed tool. The provider is chosen as the host's <c>Database:Provider</c> chooses it
/// (<see cref="DatabaseOptions"/>): SQLite by default, at <see cref="Database"/>; PostgreSQL with a connection string.
/// </summary>
internal sealed record SeedSettings(string Database, int Deputies, int Suggestions, DateOnly SessionStart)
{
    public const string Usage =
        "usage: SupervisionFlow.Seed [--database data/seed.db] [--deputies 500] [--suggestions 700] [--units 40] [--start 2025-01-06]\n"
        + "                          [--postgres CONN | --provider Sqlite|PostgreSQL --connection CONN] [--statement-shapes]\n"
        + "  --units     handling units in the directory, 40 to 440: the city's 40, then district branches of them\n"
        + "  --postgres  seed into PostgreSQL (the same as --provider PostgreSQL --connection CONN); the database must hold no deputies yet\n"
        + "  --statement-shapes  also print the SQL statements a filing and a review send, by shape (per action)\n"
        + "  --start     first day of the simulated session (the workflow calendar must cover it and the following 18 months)";

    public int Units { get; init; } = 40;

    /// <summary>Count the SQL commands by shape too (<c>--statement-shapes</c>): which statements a filing and a review send.</summary>
    public bool StatementShapes { get; init; }

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The connection string for a provider other than SQLite (SQLite's is built from <see cref="Database"/>).</summary>
    public string? Connection { get; init; }

    /// <summary>Where the seed goes, for the report: the SQLite file, or the PostgreSQL host and database (no password).</summary>
    public string Target(string databasePath)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return databasePath;
        }
        var parts = (Connection ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith("Password", StringComparison.OrdinalIgnoreCase));
        return $"{Provider}: {string.Join(';', parts)}";
    }

    public static SeedSettings? Parse(string[] args)
    {
        var settings = new SeedSettings("data/seed.db", 500, 700, new DateOnly(2025, 1, 6));
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--database" when value is not null:
                    settings = settings with { Database = value };
                    i++;
                    break;
                case "--deputies" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var deputies) && deputies >= 5:
                    settings = settings with { Deputies = deputies };
                    i++;
                    break;
                case "--suggestions" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var suggestions) && suggestions >= 1:
                    settings = settings with { Suggestions = suggestions };
                    i++;
                    break;
                case "--units" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var units) && units is >= 40 and <= 440:
                    settings = settings with { Units = units };
                    i++;
                    break;
                case "--postgres" when !string.IsNullOrWhiteSpace(value):
                    settings = settings with { Provider = DatabaseProvider.PostgreSQL, Connection = value };
                    i++;
                    break;
                case "--provider" when Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && provider != DatabaseProvider.SqlServer:
                    settings = settings with { Provider = provider };
                    i++;
                    break;
                case "--connection" when !string.IsNullOrWhiteSpace(value):
                    settings = settings with { Connection = value };
                    i++;
                    break;
                case "--statement-shapes":
                    settings = settings with { StatementShapes = true };
                    break;
                case "--start" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start):
                    settings = settings with { SessionStart = start };
                    i++;
                    break;
                default:
                    return null;
            }
        }
        // A server database needs its connection string; SQLite's comes from --database.
        return settings.Provider != DatabaseProvider.Sqlite && settings.Connection is null ? null : settings;
    }

    /// <summary>The repository root (where SupervisionFlow.sln is), from the working directory or the tool's own folder.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SupervisionFlow.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("SupervisionFlow.sln not found above the working directory or the tool's folder.");
    }
}
