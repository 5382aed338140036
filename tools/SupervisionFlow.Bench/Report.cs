using System.Globalization;
using System.Runtime.InteropServices;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using Spectre.Console;

namespace SupervisionFlow.Bench;

/// <summary>Prints the machine, the database set-up and the results as plain text.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Machine(BenchDatabase database, EngineOptions options, BenchSettings settings)
    {
        Console.WriteLine("SupervisionFlow engine benchmark");
        Console.WriteLine($"machine   {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        Console.WriteLine($"runtime   {RuntimeInformation.FrameworkDescription}, {(IsOptimized() ? "Release" : "Debug (run with -c Release)")}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC (the host runs workstation GC)");
        if (LoadAverage() is { } load)
        {
            // other processes competing for the cores make every figure below slower: say so next to them
            Console.WriteLine($"load      {load} (1/5/15-minute load average at start; above {Environment.ProcessorCount} the cores were shared)");
        }
        Console.WriteLine($"database  SQLite {database.SqliteVersion} file {database.Path}");
        Console.WriteLine($"          journal_mode={database.JournalMode}, synchronous={database.Synchronous}{(database.Pragma.Pragmas.Synchronous == SqlitePragmas.DefaultSynchronous ? " (the host's default Database:SqliteSynchronous)" : " (not the host's default, NORMAL)")}, wal_autocheckpoint={database.Pragma.Pragmas.WalAutoCheckpointPages}{(database.Pragma.Pragmas.WalAutoCheckpointPages == SqlitePragmas.DefaultWalAutoCheckpointPages ? " (the host's default)" : " (not the host's default)")} on every connection, Microsoft.Data.Sqlite pooled connections, {(database.PooledContexts ? "pooled DbContexts (--pooled-contexts; the host makes a new one each time)" : "a new DbContext each time (as the host)")}");
        Console.WriteLine($"          engine commands alone: {(options.KeptCommandConnections > 0 ? $"{options.KeptCommandConnections} kept connections with prepared writes (Engine:KeptCommandConnections, the host's default 4)" : "a new context and EF Core's save each (--kept-connections=0)")}; {settings.Clients} completing client(s)");
        Console.WriteLine($"engine    TimerBatchSize={options.TimerBatchSize}, SweepWorkers={options.SweepWorkers}");
        Console.WriteLine($"          expression limits {options.ExpressionLimits}");
        Console.WriteLine($"sizes     rows={settings.Rows}, instances={settings.Instances} (x10 tasks), timers={settings.Timers}, hangfire timers={settings.HangfireTimers}");
        Console.WriteLine();
    }

    public static void Progress(string message) => AnsiConsole.MarkupLine($"  [grey]..[/] {Markup.Escape(message)}");

    public static void Results(Measurement raw, Measurement efRaw, Measurement tasks, Measurement timers, TimeSpan timerSetup)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("measure");
        foreach (var column in new[] { "count", "seconds", "per second", "ratio to (a)", "commits/item" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var row in new[] { raw, efRaw, tasks, timers })
        {
            table.AddRow(
                Markup.Escape(row.Label), row.Count.ToString(Invariant), row.Elapsed.TotalSeconds.ToString("F2", Invariant),
                row.PerSecond.ToString("N0", Invariant), row.RatioTo(raw).ToString("F3", Invariant), row.CommitsPerItem.ToString("F3", Invariant));
        }
        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
        // key=value lines, as ../shared/peers prints them, for comparing ratios measured in one sitting
        Console.WriteLine(string.Format(Invariant, "raw_commits_per_s={0:F0}", raw.PerSecond));
        Console.WriteLine(string.Format(Invariant, "task_completions_per_s={0:F0}", tasks.PerSecond));
        Console.WriteLine(string.Format(Invariant, "sweep_timers_per_s={0:F0}", timers.PerSecond));
        Console.WriteLine();
        Console.WriteLine(string.Format(Invariant, "(b) one task completion costs as much time as {0:F2} raw commits (a / b); measured: {1:F2} commits per completion.",
            raw.PerSecond / tasks.PerSecond, tasks.CommitsPerItem));
        Console.WriteLine("    A ratio b/a near 1 means a completion is about one commit's worth of work: one command = one transaction.");
        Console.WriteLine("    Target (issue #2): at most two commits per completion, i.e. a measured commits/item <= 2.");
        Console.WriteLine(string.Format(Invariant, "    Against EF Core's own single-row save (a'), a completion costs {0:F2} of them: the rest of (a)/(b) is EF Core's per-command CPU.",
            efRaw.PerSecond / tasks.PerSecond));
        Console.WriteLine(string.Format(Invariant, "(c) {0:N0} timers fired in {1:F2} s = {2:F2} x the raw commit rate (a), with {3} commits ({4:F4} per timer, {5:F2} ms per timer).",
            timers.Count, timers.Elapsed.TotalSeconds, timers.RatioTo(raw), timers.Commits, timers.CommitsPerItem, timers.Elapsed.TotalMilliseconds / timers.Count));
        // Quartz's ADO job store fires one trigger in three transactions (acquire the trigger, mark it fired, complete
        // the job), so a trigger per timer cannot pass a third of the raw commit rate on the same database.
        var quartzBound = raw.PerSecond / 3;
        Console.WriteLine(string.Format(Invariant, "    Quartz context: a Quartz trigger per timer needs 3 commits (acquire, fired, complete) in its ADO job store:"));
        Console.WriteLine(string.Format(Invariant, "    at most a/3 = {0:N0} timers/s here. The batched sweep fired {1:N0}/s = {2:F1}x that bound.",
            quartzBound, timers.PerSecond, timers.PerSecond / quartzBound));
        Console.WriteLine(string.Format(Invariant, "    (setting up the {0:N0} waiting instances, one StartProcessAsync each, untimed above: {1:F1} s)",
            timers.Count, timerSetup.TotalSeconds));
    }

    /// <summary>
    /// The engine's figures of issue #10 as the last lines (<c>key=value</c>), so scripts can take them from the tail:
    /// completions and timers per second, commits per completion, and what they were measured against.
    /// </summary>
    public static void Summary(BenchDatabase database, Measurement raw, Measurement tasks, Measurement timers)
    {
        Console.WriteLine();
        Console.WriteLine($"database=sqlite-file journal_mode={database.JournalMode} synchronous={database.Synchronous} wal_autocheckpoint={database.Pragma.Pragmas.WalAutoCheckpointPages}");
        Console.WriteLine(string.Format(Invariant, "raw_commits_per_s={0:F0}", raw.PerSecond));
        Console.WriteLine(string.Format(Invariant, "completions_per_s={0:F0}", tasks.PerSecond));
        Console.WriteLine(string.Format(Invariant, "completions_count={0}", tasks.Count));
        if (tasks.CpuMillisecondsPerItem is { } cpu)
        {
            Console.WriteLine(string.Format(Invariant, "cpu_ms_per_completion={0:F3}", cpu));
        }
        Console.WriteLine(string.Format(Invariant, "commits_per_completion={0:F3}", tasks.CommitsPerItem));
        Console.WriteLine(string.Format(Invariant, "timers_per_s={0:F0}", timers.PerSecond));
        Console.WriteLine(string.Format(Invariant, "timers_count={0}", timers.Count));
    }

    /// <summary>(d): both rates and their ratio as <c>key=value</c> lines, and whether the two Jint versions gave the same results.</summary>
    public static void Expressions(Measurement? jint2, Measurement jint4, IReadOnlyList<string> jint2Results, IReadOnlyList<string> jint4Results, string? problem)
    {
        Console.WriteLine();
        Console.WriteLine($"(d) expression mix, one thread: {string.Join("  ", ExpressionMix.Expressions)}");
        Console.WriteLine(string.Format(Invariant, "expressions_per_s={0:F0}", jint4.PerSecond));
        Console.WriteLine(string.Format(Invariant, "expressions_per_s_jint4={0:F0}", jint4.PerSecond));
        if (jint2 is null)
        {
            Console.WriteLine($"expressions_per_s_jint2=n/a ({problem})");
            return;
        }
        Console.WriteLine(string.Format(Invariant, "expressions_per_s_jint2={0:F0}", jint2.PerSecond));
        Console.WriteLine(string.Format(Invariant, "expressions_ratio={0:F2}", jint4.RatioTo(jint2)));
        var same = jint2Results.SequenceEqual(jint4Results);
        Console.WriteLine($"expressions_same_results={(same ? "yes" : "NO")}");
        for (var i = 0; i < jint4Results.Count; i++)
        {
            Console.WriteLine($"    {ExpressionMix.Expressions[i]} → {jint4Results[i]}{(same ? "" : $"   (Jint 2: {jint2Results.ElementAtOrDefault(i)})")}");
        }
    }

    /// <summary>
    /// (e) and the line the peers' figures are compared with (../shared/peers: hangfire_delayed_firings_per_s_sqlite,
    /// quartz_oneoff_firings_per_s_default), in the same key=value form.
    /// </summary>
    public static void HangfireSweep(Measurement hangfire, Measurement sweep)
    {
        Console.WriteLine();
        Console.WriteLine(string.Format(Invariant, "{0}: {1:N0} in {2:F2} s = {3:N0}/s ({4:F3} commits/timer); the bare sweep (c) fired {5:N0}/s.",
            hangfire.Label, hangfire.Count, hangfire.Elapsed.TotalSeconds, hangfire.PerSecond, hangfire.CommitsPerItem, sweep.PerSecond));
        Console.WriteLine("    Includes the Hangfire server's start (Hangfire.Storage.SQLite, own file) before the sweep's first pass.");
        Console.WriteLine(string.Format(Invariant, "hangfire_sweep_timers_per_s={0:F0}", hangfire.PerSecond));
    }

    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsOptimized() =>
        typeof(Report).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            is not [System.Diagnostics.DebuggableAttribute { IsJITOptimizerDisabled: true }];
}
