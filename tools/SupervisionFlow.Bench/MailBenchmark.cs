using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Bench;

/// <summary>
/// Outbox mail per second (issue #17): N notices queued in the SQLite file database, one timed
/// <see cref="OutboxDispatcher.DispatchDueAsync"/> call sends them over MailKit to a real local SMTP server
/// (aiosmtpd, started here as a child process) and the run ends when the server has stored all N in its Maildir.
/// The dispatcher runs with the host's defaults (batches of 50, one connection per batch, no rate limit).
/// </summary>
internal static class MailBenchmark
{
    private const string Python = "/usr/bin/python3";
    private const int WarmupMessages = 100;

    public static async Task RunAsync(string[] args)
    {
        var messages = ParseMessages(args);
        var maildir = Path.Combine(Path.GetTempPath(), $"sf-bench-maildir-{Guid.NewGuid():N}");
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo(Python,
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException($"{Python} -m aiosmtpd did not start (apt install python3-aiosmtpd).");
        try
        {
            await WaitForPortAsync(server, port);
            await using var database = await BenchDatabase.CreateAsync(SqlitePragmas.HostDefaults);
            var options = new NotificationsOptions();
            options.Smtp.Host = "127.0.0.1";
            options.Smtp.Port = port;
            Console.WriteLine("SupervisionFlow mail benchmark");
            Console.WriteLine($"database  SQLite {database.SqliteVersion} file {database.Path} (journal_mode={database.JournalMode}, synchronous={database.Synchronous}: one commit per mail, marking it sent and claiming the next)");
            Console.WriteLine($"server    aiosmtpd (Mailbox handler) on 127.0.0.1:{port}, pid {server.Id}");
            Console.WriteLine($"dispatch  BatchSize={options.Dispatch.BatchSize}, MaxMailsPerSecond={options.Dispatch.MaxMailsPerSecond} (0 = no limit), Security={options.Smtp.Security}");
            Console.WriteLine();

            var dispatcher = new OutboxDispatcher(
                new NotificationsDb(database.CreateContext),
                new SmtpMailSender(options, maildir),
                new UnusedSmsSender(),
                TimeProvider.System,
                Options.Create(options),
                NullLogger<OutboxDispatcher>.Instance);

            // Warm-up (JIT, EF Core's query cache, the SQLite pool), as the other runs do; then the timed backlog.
            Report.Progress($"warm-up: {WarmupMessages} notices");
            await QueueAsync(database, "warm-up", WarmupMessages);
            await dispatcher.DispatchDueAsync();
            if (await WaitForDeliveriesAsync(maildir, WarmupMessages) != WarmupMessages)
            {
                throw new InvalidOperationException("The warm-up mail did not arrive.");
            }
            Directory.Delete(Path.Combine(maildir, "new"), recursive: true);
            Directory.CreateDirectory(Path.Combine(maildir, "new"));
            Report.Progress($"queueing {messages} notices");
            await QueueAsync(database, "run", messages);
            Report.Progress("one DispatchDueAsync call, then counting the server's Maildir");
            var commitsBefore = database.Commits.Commits;
            var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var serverCpuBefore = CpuOf(server);
            var watch = Stopwatch.StartNew();
            var sent = await dispatcher.DispatchDueAsync();
            var delivered = await WaitForDeliveriesAsync(maildir, messages);
            watch.Stop();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore;
            var serverCpu = CpuOf(server) - serverCpuBefore;
            var measurement = new Measurement("mail sent and stored by the server", delivered, watch.Elapsed, database.Commits.Commits - commitsBefore);

            Console.WriteLine();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0}: {1:N0} of {2:N0} (dispatcher reported {3:N0}) in {4:F2} s, {5:F2} commits per mail",
                measurement.Label, measurement.Count, messages, sent, measurement.Elapsed.TotalSeconds, measurement.CommitsPerItem));
            // Which side was the bottleneck: on a shared machine the wall time is longer than either side's CPU time.
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "CPU per mail: dispatcher (EF Core, SQLite, MailKit) {0:F2} ms, server (aiosmtpd, Python) {1:F2} ms; wall {2:F2} ms",
                ownCpu.TotalMilliseconds / messages, serverCpu.TotalMilliseconds / messages, watch.Elapsed.TotalMilliseconds / messages));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "mail_per_s={0:F0}", measurement.PerSecond));
            Console.WriteLine("    Before MailKit (issue #17): 50 mails per 10-second tick = 5 mails/s. Target: >= 100 mails/s.");
            if (delivered != messages)
            {
                Environment.ExitCode = 1;
            }
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            Directory.Delete(maildir, recursive: true);
        }
    }

    private static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static int ParseMessages(string[] args)
    {
        var messages = 2_000;
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts is not ["--messages", var text] || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out messages) || messages < 1)
            {
                throw new ArgumentException($"Unknown argument '{arg}'. Use: mail [--messages=N].");
            }
        }
        return messages;
    }

    private static async Task QueueAsync(BenchDatabase database, string prefix, int messages)
    {
        await using var db = database.CreateContext();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        for (var i = 0; i < messages; i++)
        {
            db.Add(new OutboxMessage
            {
                CreatedAt = now,
                NextAttemptAt = now,
                DedupKey = string.Create(CultureInfo.InvariantCulture, $"bench:{prefix}:assigned:{i}"),
                To = string.Create(CultureInfo.InvariantCulture, $"deputy{i}@example.cn"),
                ToName = "张三代表",
                Subject = string.Create(CultureInfo.InvariantCulture, $"【建议交办】您领衔的第{i + 1}号建议「关于加强城市公共交通建设的建议」已交办"),
                Body = NoticeText.Body([
                    "张三代表：", "",
                    string.Create(CultureInfo.InvariantCulture, $"您领衔提出的第{i + 1}号建议已于 2026年3月9日 交办。"),
                    "主办单位：市交通运输局", "答复期限：2026年6月9日（承办单位应在此日期前书面答复您）",
                    "承办单位将在办理前、办理中和办理后与您联系沟通（三访），如有意见建议请及时反映。",
                ]),
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>aiosmtpd's Mailbox handler stores a message before it answers the DATA command; this waits for stragglers only.</summary>
    private static async Task<int> WaitForDeliveriesAsync(string maildir, int expected)
    {
        var deadline = Stopwatch.StartNew();
        var count = Directory.GetFiles(Path.Combine(maildir, "new")).Length;
        while (count < expected && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            count = Directory.GetFiles(Path.Combine(maildir, "new")).Length;
        }
        return count;
    }

    private static async Task WaitForPortAsync(Process server, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with {server.ExitCode}: {await server.StandardError.ReadToEndAsync()}");
            }
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The bench queues mail only.</summary>
    private sealed class UnusedSmsSender : ISmsSender
    {
        public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The mail benchmark queues no SMS.");
    }
}
