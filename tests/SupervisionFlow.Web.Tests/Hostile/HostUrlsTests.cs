using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Hostile;

/// <summary>
/// The standard ways to choose the host's address work (issue #16: <c>Urls</c> in appsettings.json outranked them).
/// The built host runs as its own process, as an operator starts it.
/// </summary>
public sealed class HostUrlsTests
{
    [Fact]
    public async Task Host_AspNetCoreUrlsSet_ListensThere()
    {
        var port = FreePort();

        await using var host = await RunningHost.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, []);

        Assert.Equal(HttpStatusCode.OK, await host.GetLivenessAsync(port));
    }

    [Fact]
    public async Task Host_UrlsOnTheCommandLine_ListensThere()
    {
        var port = FreePort();

        await using var host = await RunningHost.StartAsync(new Dictionary<string, string>(), ["--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal(HttpStatusCode.OK, await host.GetLivenessAsync(port));
    }

    [Fact]
    public void NoneConfigured_OnlyWhenNoStandardSettingNamesAnAddress()
    {
        static bool None(params (string Key, string Value)[] settings) =>
            HostUrls.NoneConfigured(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

        Assert.True(None());
        Assert.False(None(("urls", "http://0.0.0.0:8080")));
        Assert.False(None(("http_ports", "8080")));
        Assert.False(None(("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:8080")));
        // The repository's appsettings.json no longer names one.
        Assert.True(HostUrls.NoneConfigured(new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "appsettings.json")).Build()));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><c>dotnet SupervisionFlow.Web.dll</c> on a SQLite file of its own, without demo data.</summary>
    private sealed class RunningHost : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _folder;

        private RunningHost(Process process, string folder)
        {
            _process = process;
            _folder = folder;
        }

        public static async Task<RunningHost> StartAsync(Dictionary<string, string> environment, string[] arguments)
        {
            // The host's own build output (built with this test project): it carries the host's runtimeconfig.
            var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            var dll = Path.Combine(RepoPaths.Root, "src", "SupervisionFlow.Web", "bin", configuration, "net10.0", "SupervisionFlow.Web.dll");
            var folder = Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests", $"urls-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["ConnectionStrings__SupervisionFlow"] = $"Data Source={Path.Combine(folder, "host.db")}";
            start.Environment["Notifications__PickupDirectory"] = Path.Combine(folder, "mail");
            start.Environment["DemoData__Enabled"] = "false";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment.Remove("ASPNETCORE_URLS");
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return await Task.FromResult(new RunningHost(process, folder)).ConfigureAwait(false);
        }

        /// <summary>Waits up to a minute for the host to answer on <paramref name="port"/>.</summary>
        public async Task<HttpStatusCode> GetLivenessAsync(int port)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return (await client.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).StatusCode;
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
                {
                    await Task.Delay(250);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still be releasing the file; the temp folder is cleaned by the OS.
            }
        }
    }
}
