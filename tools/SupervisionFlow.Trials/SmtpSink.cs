using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SupervisionFlow.Trials;

/// <summary>
/// A real SMTP server (aiosmtpd writing a Maildir) that outlives the hosts it serves, so a mail accepted just before a
/// SIGKILL is still counted. Mails are counted by the outbox row in their Message-ID (<c>&lt;outbox-{row}.…@…&gt;</c>).
/// </summary>
public sealed partial class SmtpSink : IDisposable
{
    private readonly Process _process;

    private SmtpSink(Process process, string maildir, int port)
    {
        _process = process;
        Maildir = maildir;
        Port = port;
    }

    public string Maildir { get; }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync(string folder)
    {
        var maildir = Path.Combine(folder, "maildir");
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }
        var port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new SmtpSink(process, maildir, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"aiosmtpd did not listen on {port}.");
    }

    /// <summary>Forgets every mail received so far (called between trials, while no host is running).</summary>
    public void Clear()
    {
        foreach (var sub in new[] { "new", "cur", "tmp" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Maildir, sub)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>How many mails arrived per outbox row id.</summary>
    public Dictionary<long, int> CountByOutboxRow()
    {
        var counts = new Dictionary<long, int>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Maildir, "new")).Concat(Directory.EnumerateFiles(Path.Combine(Maildir, "cur"))))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0)
                {
                    break; // end of the headers
                }
                var match = OutboxMessageId().Match(line);
                if (match.Success)
                {
                    var row = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    counts[row] = counts.GetValueOrDefault(row) + 1;
                    break;
                }
            }
        }
        return counts;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"^Message-ID:\s*<outbox-(\d+)\.", RegexOptions.IgnoreCase)]
    private static partial Regex OutboxMessageId();
}
