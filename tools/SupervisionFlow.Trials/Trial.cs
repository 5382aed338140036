using System.Diagnostics;

namespace SupervisionFlow.Trials;

/// <summary>What one trial measured.</summary>
public sealed record TrialOutcome(BookResult Books, TimeSpan Duration, TimeSpan KilledAt, int Victim, int Requests, int Failures, TimeSpan Settle);

/// <summary>
/// One trial: fresh database, host(s) started, load, SIGKILL of one host at a random moment, (single node) restart,
/// settle, books.
/// </summary>
public sealed class Trial(TrialSettings settings, string repoRoot, SmtpSink smtp, Random random)
{
    // A Monday in a year the working calendar covers, 09:00 China time.
    private static readonly DateTimeOffset ClockStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly List<(HostProcess Host, HttpClient Client)> _live = [];

    public async Task<TrialOutcome> RunAsync(int number)
    {
        var total = Stopwatch.StartNew();
        // Each trial's database numbers its outbox rows from 1 again, and mails are counted by that row id: the
        // previous trials' mails must go, or they would count as this trial's duplicates.
        smtp.Clear();
        var folder = Directory.CreateTempSubdirectory("sf-trial-").FullName;
        var logFile = Path.Combine(folder, "host.log");
        await using var db = await TrialDatabase.CreateAsync(settings, folder, number);
        var config = HostConfiguration.For(db.Provider, db.ConnectionString, smtp.Port, ClockStart);
        var ledger = new Ledger();
        var clock = new TrialClock(ClockStart, LiveClients);
        try
        {
            for (var node = 0; node < settings.Nodes; node++)
            {
                await StartNodeAsync(config, logFile, clock);
            }
            await LoadDriver.DeployAsync(_live[0].Client);

            using var stop = new CancellationTokenSource();
            var driver = new LoadDriver(random, ledger, clock, LiveClients, number);
            var workers = Enumerable.Range(0, 2 * settings.Nodes).Select(_ => Task.Run(() => driver.RunAsync(stop.Token))).ToList();
            var load = Stopwatch.StartNew();
            TimeSpan killAt;
            int victim;
            lock (random)
            {
                killAt = TimeSpan.FromMilliseconds(500 + random.NextDouble() * (settings.Load.TotalMilliseconds - 1500));
                victim = random.Next(settings.Nodes);
            }
            await Task.Delay(killAt);
            var dead = Kill(victim);
            if (settings.Nodes == 1)
            {
                // Restarted at once; the load keeps knocking meanwhile and counts nothing it did not get an answer to.
                await StartNodeAsync(config, logFile, clock);
            }
            // With two nodes the killed one stays down: the survivor has to take over its timers and outbox.
            var remaining = settings.Load - load.Elapsed;
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining);
            }
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            dead.Dispose();

            var settle = Stopwatch.StartNew();
            await SettleAsync(db, clock);
            var books = await Books.CheckAsync(db, ledger, smtp, clock.Now, crashes: 1);
            return new TrialOutcome(books, total.Elapsed, killAt, victim, ledger.Requests, ledger.Failures, settle.Elapsed);
        }
        finally
        {
            foreach (var (host, client) in _live)
            {
                client.Dispose();
                host.Dispose();
            }
            _live.Clear();
            // Keep the folder (host log) when something went wrong would be nicer; the log is small, so keep it only on failure.
        }
    }

    private IReadOnlyList<HttpClient> LiveClients()
    {
        lock (_live)
        {
            return [.. _live.Select(l => l.Client)];
        }
    }

    private async Task StartNodeAsync(HostConfiguration config, string logFile, TrialClock clock)
    {
        var host = await HostProcess.StartAsync(repoRoot, config, logFile, SmtpSink.FreePort());
        var client = LoadDriver.ClientFor(host.Address);
        await clock.SetOnAsync(client);
        lock (_live)
        {
            _live.Add((host, client));
        }
    }

    private HostProcess Kill(int victim)
    {
        (HostProcess Host, HttpClient Client) node;
        lock (_live)
        {
            node = _live[victim];
            _live.RemoveAt(victim);
        }
        node.Host.Kill();
        node.Client.Dispose();
        return node.Host;
    }

    /// <summary>
    /// Waits until no timer is due and no outbox row pending, three times in a row; moves the clock half an hour each
    /// unsettled second, so the outbox lease of a row the killed host was sending runs out.
    /// </summary>
    private static async Task SettleAsync(TrialDatabase db, TrialClock clock)
    {
        var calm = 0;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(1000);
            if (await Books.IsSettledAsync(db, clock.Now))
            {
                if (++calm == 3)
                {
                    return;
                }
            }
            else
            {
                calm = 0;
                await clock.AdvanceAsync(TimeSpan.FromMinutes(30)); // 12-hour claim leases end after 24 unsettled seconds
            }
        }
    }
}
