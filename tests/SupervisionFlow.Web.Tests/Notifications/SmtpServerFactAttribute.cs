using System.Diagnostics;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>A fact that needs a real SMTP server (Debian's python3-aiosmtpd): skipped, with the reason, when it is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SmtpServerFactAttribute : FactAttribute
{
    public SmtpServerFactAttribute()
    {
        if (!AiosmtpdServer.IsAvailable)
        {
            Skip = $"{AiosmtpdServer.Python} cannot import aiosmtpd: install python3-aiosmtpd (tools/test.sh does so when run as root)";
        }
    }
}

/// <summary>
/// A real SMTP server for one test: <c>/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c aiosmtpd.handlers.Mailbox DIR</c>,
/// which stores every message it accepts in the Maildir <c>DIR/new</c>.
/// </summary>
public sealed class AiosmtpdServer : IDisposable
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> _available = new(() =>
    {
        if (!File.Exists(Python))
        {
            return false;
        }
        try
        {
            using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            check.WaitForExit(30_000);
            return check.HasExited && check.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    private readonly Process _process;

    private AiosmtpdServer(Process process, int port, string maildir)
    {
        _process = process;
        Port = port;
        Maildir = maildir;
    }

    public static bool IsAvailable => _available.Value;

    public int Port { get; }

    public string Maildir { get; }

    /// <summary>
    /// Starts the server; with <paramref name="tls"/> it speaks TLS: STARTTLS required before any mail
    /// (<c>--tlscert/--tlskey</c>), or implicit TLS from the first byte (<c>--smtpscert/--smtpskey</c>).
    /// </summary>
    public static async Task<AiosmtpdServer> StartAsync(AiosmtpdTls? tls = null)
    {
        var maildir = NotificationsTestData.TempDirectory("maildir");
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }
        var port = FreePort.Next();
        List<string> arguments = ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}"];
        if (tls is not null)
        {
            arguments.AddRange(tls.Implicit
                ? ["--smtpscert", tls.CertificateFile, "--smtpskey", tls.KeyFile]
                : ["--tlscert", tls.CertificateFile, "--tlskey", tls.KeyFile]);
        }
        arguments.AddRange(["-c", "aiosmtpd.handlers.Mailbox", maildir]);
        var process = Process.Start(new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var server = new AiosmtpdServer(process, port, maildir);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                var error = await process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode}: {error}");
            }
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The raw messages delivered so far.</summary>
    public IReadOnlyList<string> Messages() =>
        [.. Directory.GetFiles(Path.Combine(Maildir, "new")).Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    /// <summary>Waits until <paramref name="count"/> messages have arrived (delivery to the Maildir is quick but not instant).</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Messages().Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return Messages();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Maildir, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; harmless.
        }
    }
}

/// <summary>PEM files of the server's certificate and key; <see cref="Implicit"/> for SMTPS (TLS from connect) instead of STARTTLS.</summary>
public sealed record AiosmtpdTls(string CertificateFile, string KeyFile, bool Implicit);

public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int Next()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
