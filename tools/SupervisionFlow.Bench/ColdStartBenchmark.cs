using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SupervisionFlow.Web;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Bench;

/// <summary>
/// Cold start (issue #10: "&lt; 3 s to the first answered request with a 10,000-suggestion database"): writes a SQLite
/// file with the schema, the workflows and N suggestion rows (as the meeting bench does), then launches the built host
/// (<c>dotnet src/SupervisionFlow.Web/bin/Release/net10.0/SupervisionFlow.Web.dll</c>) on it several times and times
/// launch → first 200 from <c>/healthz</c> (liveness: the process answers), then from <c>/readyz</c> (readiness: the
/// database answers; the host listens only once its workflows are deployed) and then the login page (the first page a
/// user opens, Razor's first render included). <c>cold_start_s</c> is the <c>/readyz</c> time: from then on a load
/// balancer sends the node work. Prints the host's start-up log of the first launch with the milliseconds since launch,
/// so the slow phase shows. Build the host first (<c>dotnet build src/SupervisionFlow.Web -c Release</c>).
/// Usage: dotnet run -c Release --project tools/SupervisionFlow.Bench -- coldstart [--suggestions=10000] [--runs=3] [--database=PATH]
/// [--keep] [--host-dll=PATH]
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var suggestions = MeetingBenchmark.IntArg(args, "--suggestions=", 10_000);
        var runs = MeetingBenchmark.IntArg(args, "--runs=", 3);
        var given = args.FirstOrDefault(a => a.StartsWith("--database=", StringComparison.Ordinal))?["--database=".Length..];
        var path = given ?? Path.Combine(Path.GetTempPath(), $"sf-bench-coldstart-{Guid.NewGuid():N}.db");
        var root = MeetingBenchmark.RepositoryRoot();
        // --host-dll= launches another build (e.g. of the commit before a change) on the same database, to alternate.
        var dll = args.FirstOrDefault(a => a.StartsWith("--host-dll=", StringComparison.Ordinal))?["--host-dll=".Length..]
            ?? Path.Combine(root, "src/SupervisionFlow.Web/bin/Release/net10.0/SupervisionFlow.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run `dotnet build src/SupervisionFlow.Web -c Release` first.");
        }
        try
        {
            if (given is null)
            {
                var watch = Stopwatch.StartNew();
                await CreateDatabaseAsync(root, path, suggestions);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database with {suggestions} suggestions written in {watch.Elapsed.TotalSeconds:0.0} s: {path}"));
                if (args.Contains("--keep"))
                {
                    Console.WriteLine("kept for further runs: --database=" + path);
                }
            }
            var launches = new List<Launch>();
            for (var run = 0; run < runs; run++)
            {
                var launch = await LaunchAsync(root, dll, path, printLog: run == 0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run + 1}: /healthz {launch.Live:0.00} s, /readyz {launch.Ready:0.00} s ({launch.ReadyCpu:0.00} s CPU), login page {launch.Login:0.00} s ({launch.LoginCpu:0.00} s CPU)"));
                launches.Add(launch);
            }
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_start_live_s={Median(launches.Select(l => l.Live)):0.00}"));
            // The first answer a node can be sent work with: readiness, which the host gives only after its workflows are deployed.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_start_s={Median(launches.Select(l => l.Ready)):0.00}"));
            // The host's own CPU time until it answered: on a shared, loaded machine the wall time mostly measures the others.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_start_cpu_s={Median(launches.Select(l => l.ReadyCpu)):0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_start_login_s={Median(launches.Select(l => l.Login)):0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_start_login_cpu_s={Median(launches.Select(l => l.LoginCpu)):0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_start_runs_s={string.Join(",", launches.Select(l => l.Ready.ToString("0.00", CultureInfo.InvariantCulture)))}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load_average={File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
        finally
        {
            if (given is null && !args.Contains("--keep"))
            {
                var hangfire = SchedulingStorage.SqliteFileBeside(path);
                foreach (var file in new[] { path, path + "-wal", path + "-shm", hangfire, hangfire + "-wal", hangfire + "-shm" })
                {
                    File.Delete(file);
                }
            }
        }
    }

    /// <summary>Schema and workflows through the host's own start-up, then the rows, then the in-process host is gone.</summary>
    private static async Task CreateDatabaseAsync(string root, string path, int suggestions)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = root, EnvironmentName = "Seed" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:SupervisionFlow"] = $"Data Source={path}",
            ["Engine:Sweep:Enabled"] = "false",
            ["DemoData:Enabled"] = "false",
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        });
        builder.AddSupervisionFlow();
        await using var app = builder.Build();
        await app.InitializeEngineAsync();
        await MeetingBenchmark.SeedDirectoryAsync(app.Services);
        await MeetingBenchmark.WriteSessionRowsAsync(app.Services, suggestions);
    }

    private sealed record Launch(double Live, double Ready, double ReadyCpu, double Login, double LoginCpu);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<Launch> LaunchAsync(string root, string dll, string path, bool printLog)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // As the crash trials run the host; no demo data (the database is not empty anyway).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__SupervisionFlow"] = $"Data Source={path}";
        start.Environment["DemoData__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        var log = new List<string>();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        void Record(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.Add(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalMilliseconds,8:0} ms  {line}"));
                }
            }
        }
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            // Polled in this order: liveness, then readiness, then the login page; each time is since launch.
            async Task<(double Seconds, double Cpu)> FirstOkAsync(string route)
            {
                while (watch.Elapsed < TimeSpan.FromSeconds(120))
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The host exited with code {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, log)}");
                    }
                    try
                    {
                        using var response = await client.GetAsync(new Uri(route, UriKind.Relative));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            var seconds = watch.Elapsed.TotalSeconds;
                            process.Refresh();
                            Record($"(bench) first 200 from {route}");
                            return (seconds, process.TotalProcessorTime.TotalSeconds);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // not listening yet
                    }
                    await Task.Delay(25);
                }
                throw new InvalidOperationException($"The host did not answer {route} within two minutes.");
            }
            var live = await FirstOkAsync("/healthz");
            var ready = await FirstOkAsync("/readyz");
            var login = await FirstOkAsync("/Auth/Login");
            if (printLog)
            {
                lock (log)
                {
                    log.ForEach(Console.WriteLine);
                }
            }
            return new Launch(live.Seconds, ready.Seconds, ready.Cpu, login.Seconds, login.Cpu);
        }
        finally
        {
            // The process this bench started, by its handle.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
