using System.Globalization;

namespace SupervisionFlow.Trials;

/// <summary>Command line of the crash trials.</summary>
public sealed record TrialSettings(int Trials, string Provider, string? Connection, int Nodes, int Seed, TimeSpan Load)
{
    public const string Usage = """
        Crash trials: start the built host as a child process on a fresh database, drive load through the HTTP API,
        SIGKILL it at a random moment, restart it, let it settle and check the books in the database.
        Build first:  dotnet build -c Release
        Run:          dotnet run -c Release --project tools/SupervisionFlow.Trials -- [options]
          --trials N                       trials to run (default 5)
          --provider Sqlite|PostgreSQL     database (default Sqlite: a file in a temporary folder)
          --connection "Host=…"            PostgreSQL server (default: SF_TEST_POSTGRES); each trial creates a fresh database
          --nodes 1|2                      two hosts on one PostgreSQL: load through both, kill one
          --seed N                         random seed (default: from the clock)
          --load-seconds N                 seconds of load per trial (default 20)
        """;

    public bool IsPostgres => Provider == "PostgreSQL";

    public static TrialSettings? Parse(string[] args)
    {
        var trials = 5;
        var provider = "Sqlite";
        string? connection = null;
        var nodes = 1;
        var seed = Environment.TickCount;
        var load = 20;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--trials" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out trials):
                case "--nodes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out nodes):
                case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed):
                case "--load-seconds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out load):
                    i++;
                    break;
                case "--provider" when value is "Sqlite" or "PostgreSQL":
                    provider = value;
                    i++;
                    break;
                case "--connection" when value is not null:
                    connection = value;
                    i++;
                    break;
                default:
                    return null;
            }
        }
        if (trials < 1 || nodes is < 1 or > 2 || load < 2)
        {
            return null;
        }
        if (nodes == 2 && provider != "PostgreSQL")
        {
            // Two hosts share a database only on a server: SQLite is one process's file.
            provider = "PostgreSQL";
        }
        connection ??= provider == "PostgreSQL" ? Environment.GetEnvironmentVariable("SF_TEST_POSTGRES") : null;
        if (provider == "PostgreSQL" && string.IsNullOrWhiteSpace(connection))
        {
            Console.Error.WriteLine("PostgreSQL needs --connection or SF_TEST_POSTGRES.");
            return null;
        }
        return new TrialSettings(trials, provider, connection, nodes, seed, TimeSpan.FromSeconds(load));
    }

    /// <summary>The repository root: the folder holding SupervisionFlow.sln, upwards from the working directory.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupervisionFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run from inside the repository (no SupervisionFlow.sln above the working directory).");
    }
}
