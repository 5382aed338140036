using System.Globalization;

namespace SupervisionFlow.Web.Seed;

/// <summary>Command-line settings of the seed tool.</summary>
internal sealed record SeedSettings(string Database, int Deputies, int Suggestions, DateOnly SessionStart)
{
    public const string Usage =
        "usage: SupervisionFlow.Seed [--database data/seed.db] [--deputies 500] [--suggestions 700] [--start 2025-01-06]\n"
        + "  --start  first day of the simulated session (the workflow calendar must cover it and the following 18 months)";

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
                case "--start" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start):
                    settings = settings with { SessionStart = start };
                    i++;
                    break;
                default:
                    return null;
            }
        }
        return settings;
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
