using System.Diagnostics;

namespace SupervisionFlow.Trials;

/// <summary>
/// One web host (<c>dotnet SupervisionFlow.Web.dll</c>) as a child process, configured through environment variables;
/// <see cref="Kill"/> is SIGKILL on the dotnet process itself, nothing gets to shut down cleanly.
/// </summary>
public sealed class HostProcess : IDisposable
{
    public const string ApiKey = "trials-api-key";

    private readonly Process _process;
    private readonly StreamWriter _log;

    private HostProcess(Process process, StreamWriter log, Uri address)
    {
        _process = process;
        _log = log;
        Address = address;
    }

    public Uri Address { get; }

    public bool IsRunning => !_process.HasExited;

    public static async Task<HostProcess> StartAsync(string repoRoot, HostConfiguration config, string logFile, int port)
    {
        var dll = Path.Combine(repoRoot, "src/SupervisionFlow.Web/bin/Release/net10.0/SupervisionFlow.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run `dotnet build -c Release` first.");
        }
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in config.Environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, log, address);
        await host.WaitReadyAsync();
        return host;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // output arriving after the host was disposed
            }
        }
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} while starting; see its log.");
            }
            try
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException("The host was not ready within a minute.");
    }

    /// <summary>SIGKILL: the dotnet host process (and anything it started), no shutdown hooks.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}

/// <summary>The environment every node of one trial shares.</summary>
public sealed record HostConfiguration(IReadOnlyDictionary<string, string> Environment)
{
    public static HostConfiguration For(string provider, string connectionString, int smtpPort, DateTimeOffset clockStart) => new(
        new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = provider,
            ["ConnectionStrings__SupervisionFlow"] = connectionString,
            ["Engine__Api__Keys__0"] = HostProcess.ApiKey,
            ["Engine__Clock__Mode"] = "Manual",
            ["Engine__Clock__Start"] = clockStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["Engine__Sweep__IntervalSeconds"] = "1",
            ["DemoData__Enabled"] = "false",
            ["Notifications__Dispatch__IntervalSeconds"] = "1",
            // A lease ends by the engine's (manual) clock. The load moves that clock 2 hours in one step, which no real
            // clock does: with a 1-minute lease a live node's claim ran out in the middle of its send and the other node
            // sent the row too (the first two-node runs' "doubled"). The lease outlasts several jumps; settling moves
            // the clock fast enough that a killed node's lease still ends within seconds.
            ["Notifications__Dispatch__ClaimLease"] = "12:00:00",
            ["Notifications__Reminders__IntervalMinutes"] = "1",
            // A restarted host scans at once: reminders written by a scan the crash cut short are written again (the
            // dedup key keeps them single) and the mails counted at the server say whether any went out twice.
            ["Notifications__Reminders__ScanOnStart"] = "true",
            ["Notifications__Smtp__Host"] = "127.0.0.1",
            ["Notifications__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications__Smtp__Security"] = "None",
            ["Notifications__Smtp__ConnectTimeoutSeconds"] = "2",
            ["Notifications__Smtp__TimeoutSeconds"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Error",
        });
}
