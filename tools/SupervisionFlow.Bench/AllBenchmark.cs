using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SupervisionFlow.Bench;

/// <summary>
/// Issue #10, "What it must show": the engine run (raw commits, completions, timers), the national session (交办会,
/// dashboard) and the inbox at size, in one run, each as its own child process of this program (each measures on a
/// fresh database and a fresh runtime), then — last — the figures the issue asks for as <c>key=value</c> lines.
/// <c>--quick</c> uses smaller sizes (a few minutes in all) and prints them. The engine run and the inbox run on SQLite,
/// and on PostgreSQL too with <c>--postgres=CONN</c>. <c>--peers=DIR</c> first runs the peers' harness from DIR (a writable copy of
/// <c>../shared/peers</c>) in the same sitting and prints the ratios to them last (<see cref="PeerRatios"/>).
/// Usage: dotnet run -c Release --project tools/SupervisionFlow.Bench -- all [--quick] [--postgres=CONN] [--peers=DIR]
/// </summary>
internal static partial class AllBenchmark
{
    private static readonly string[] Shown =
    [
        "database", "open_tasks", "task_rows", "raw_commits_per_s", "completions_per_s", "commits_per_completion", "timers_per_s",
        "inbox_office_p95_ms", "inbox_unit_p95_ms", "inbox_office_cpu_ms", "inbox_unit_cpu_ms", "dashboard_ms", "dashboard_cpu_ms",
    ];

    // The engine run's PostgreSQL figures (with --postgres), printed after the SQLite ones.
    private static readonly string[] PostgresEngineShown =
    [
        "pg_database", "pg_raw_commits_per_s", "pg_completions_per_s", "pg_cpu_ms_per_completion", "pg_commits_per_completion", "pg_timers_per_s",
    ];

    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var postgres = Option(args, "--postgres=");
        var peersDirectory = Option(args, "--peers=");
        var unknown = args.Where(a => a != "--quick" && !a.StartsWith("--postgres=", StringComparison.Ordinal) && !a.StartsWith("--peers=", StringComparison.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"all: unknown argument {unknown[0]}. Use --quick, --postgres=CONN, --peers=DIR.");
        }
        var peers = peersDirectory is null ? null : await PeerRatios.RunAsync(peersDirectory);
        (string Name, string[] Args)[] runs = quick
            ?
            [
                ("engine", ["--quick"]),
                ("meeting", ["meeting", "--suggestions=200", "--session=2000"]),
                ("inbox", ["inbox", "--open=2000", "--history=100000", "--sqlite-only"]),
            ]
            :
            [
                ("engine", []),
                ("meeting", ["meeting"]),
                ("inbox", ["inbox", "--sqlite-only"]),
            ];
        if (postgres is not null)
        {
            // The engine run repeats (a)-(c) on PostgreSQL (keys "pg_"); the inbox run measures SQLite and PostgreSQL
            // one after the other (keys "postgres_").
            runs[0] = (runs[0].Name, [.. runs[0].Args, $"--postgres={postgres}"]);
            var (inboxName, inboxArgs) = runs[^1];
            runs[^1] = (inboxName, [.. inboxArgs.Where(a => a != "--sqlite-only"), $"--postgres={postgres}"]);
        }
        var figures = new Dictionary<string, string>(StringComparer.Ordinal);
        var sizes = new List<string>();
        var watch = Stopwatch.StartNew();
        string? engineDatabase = null;
        foreach (var (name, runArgs) in runs)
        {
            var shown = runArgs.Select(a => a.StartsWith("--postgres=", StringComparison.Ordinal) ? "--postgres=…" : a);
            Console.WriteLine($"== {name}: {string.Join(' ', shown)}");
            sizes.Add($"{name}[{string.Join(' ', shown)}]");
            var database = await RunChildAsync(runArgs, figures);
            engineDatabase ??= name == "engine" ? database : null;
        }
        if (engineDatabase is not null)
        {
            figures["database"] = engineDatabase; // the engine run's line names journal mode and synchronous too
        }

        Console.WriteLine();
        Console.WriteLine($"== all: {(quick ? "quick" : "full")} sizes {string.Join(", ", sizes)}; {watch.Elapsed.TotalSeconds:0} s");
        Console.WriteLine($"sizes={(quick ? "quick" : "full")} {string.Join(' ', sizes)}");
        foreach (var key in Shown)
        {
            Console.WriteLine($"{key}={figures.GetValueOrDefault(key, "n/a")}");
        }
        foreach (var key in PostgresEngineShown.Where(figures.ContainsKey))
        {
            Console.WriteLine($"{key}={figures[key]}");
        }
        foreach (var key in Shown.Where(k => k.StartsWith("inbox_", StringComparison.Ordinal)))
        {
            if (figures.TryGetValue($"postgres_{key}", out var value))
            {
                Console.WriteLine($"postgres_{key}={value}");
            }
        }
        // The meeting's key names its size (assign_meeting_1000_s in the full run).
        foreach (var (key, value) in figures.Where(f => AssignKey().IsMatch(f.Key)))
        {
            Console.WriteLine($"{key}={value}");
        }
        if (peers is not null)
        {
            PeerRatios.Print(peers, figures);
        }
        Console.WriteLine($"load_average={(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")}");
    }

    private static string? Option(string[] args, string prefix) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

    /// <summary>Runs this program with <paramref name="args"/>, echoing its output and keeping its last value per key.</summary>
    private static async Task<string?> RunChildAsync(string[] args, Dictionary<string, string> figures)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        var host = Environment.ProcessPath ?? "dotnet";
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AllBenchmark).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        string? database = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine(line);
            if (KeyValue().Match(line) is { Success: true } match)
            {
                figures[match.Groups[1].Value] = match.Groups[2].Value;
                if (match.Groups[1].Value == "database")
                {
                    database ??= match.Groups[2].Value;
                }
            }
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', args)}' exited with {process.ExitCode}.");
        }
        return database;
    }

    [GeneratedRegex("^([a-z][a-z0-9_]*)=(.*)$")]
    private static partial Regex KeyValue();

    [GeneratedRegex("^assign_meeting_[0-9]+_(cpu_)?s$")]
    private static partial Regex AssignKey();
}
