using Spectre.Console;
using SupervisionFlow.Bench;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;

// Issue #2, "What it must show": on the SQLite file database, in one run, the raw single-row commit rate (a),
// user tasks completed per second through a 10-step process (b), due timers fired per second (c), and the
// ratios b/a and c/a. Issue #17: (d) expressions per second on Jint 4.18 against Jint 2.10.4, and (e) the same sweep
// as (c) run by a Hangfire server as the host runs it, in the same sitting.
// Usage: dotnet run -c Release --project tools/SupervisionFlow.Bench [--rows=N --instances=N --timers=N
//        --hangfire-timers=N --batch=N --expressions=N --only-expressions --quick --synchronous=normal|full --wal-autocheckpoint=N --pooled-contexts
//        --postgres=CONN]; --postgres repeats (a)-(c) on a fresh PostgreSQL database and prints them as pg_ keys.

// dotnet run -c Release --project tools/SupervisionFlow.Bench -- mail [--messages=N]: outbox mail per second (issue #17).
if (args is ["mail", .. var mailArgs])
{
    await MailBenchmark.RunAsync(mailArgs);
    return;
}

// dotnet run -c Release --project tools/SupervisionFlow.Bench -- meeting [--suggestions=1000]: 交办会, dashboard, export (issue #10).
if (args is ["meeting", .. var meetingArgs])
{
    await MeetingBenchmark.RunAsync(meetingArgs);
    return;
}

// dotnet run -c Release --project tools/SupervisionFlow.Bench -- inbox [--open=N --history=N --postgres=CONN]:
// the office's and the busiest unit's inbox p95 at national size (issues #10, #18).
if (args is ["inbox", .. var inboxArgs])
{
    await InboxBenchmark.RunAsync(inboxArgs);
    return;
}

// dotnet run -c Release --project tools/SupervisionFlow.Bench -- archive [--suggestions=1000 --chunk=200]: history archiving (issue #10).
if (args is ["archive", .. var archiveArgs])
{
    await ArchiveBenchmark.RunAsync(archiveArgs);
    return;
}

// dotnet run -c Release --project tools/SupervisionFlow.Bench -- coldstart [--suggestions=10000 --runs=3]: launch → first /healthz (issue #10).
if (args is ["coldstart", .. var coldArgs])
{
    await ColdStartBenchmark.RunAsync(coldArgs);
    return;
}

// dotnet run -c Release --project tools/SupervisionFlow.Bench -- all [--quick]: the engine run, meeting and inbox in one
// run, the key figures of issue #10 printed last (AllBenchmark).
if (args is ["all", .. var allArgs])
{
    await AllBenchmark.RunAsync(allArgs);
    return;
}

// Redirected output has no terminal width: Spectre would wrap the tables at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 160;
}
var settings = BenchSettings.Parse(args);
var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
var options = new EngineOptions();
if (settings.TimerBatchSize is { } batch)
{
    options.TimerBatchSize = batch;
}
if (settings.SweepWorkers is { } sweepWorkers)
{
    options.SweepWorkers = sweepWorkers;
}
if (settings.KeptConnections is { } kept)
{
    options.KeptCommandConnections = kept;
}
await using var database = await BenchDatabase.CreateAsync(new SqlitePragmas(settings.Synchronous, settings.WalAutoCheckpointPages), settings.PooledContexts);
using var engine = new ProcessEngine(database.CreateContext, clock, options: options);
Report.Machine(database, options, settings);

Action? summary = null;
if (!settings.OnlyExpressions)
{
    Report.Progress("(a) raw commits: ADO.NET, then EF Core");
    var raw = await RawCommitBenchmark.RunAdoAsync(database, settings.Rows);
    var efRaw = await RawCommitBenchmark.RunEfCoreAsync(database, settings.Rows);

    Report.Progress($"(b) starting {settings.Instances} ten-step instances and completing their tasks");
    var tasks = await TaskCompletionBenchmark.RunAsync(engine, database, settings.Instances, settings.Clients);

    Report.Progress($"(c) a warm-up sweep, then three sweeps of {settings.Timers} instances waiting on a PT1H timer");
    var timers = await TimerSweepBenchmark.RunAsync(engine, clock, database, settings.Timers);

    Report.Progress($"(e) starting {settings.HangfireTimers} more timer instances, then a Hangfire server running the host's sweep");
    var hangfire = await HangfireSweepBenchmark.RunAsync(engine, clock, database, settings.HangfireTimers);

    Report.Results(raw, efRaw, tasks, timers.Measurement, timers.SetupElapsed);
    Report.HangfireSweep(hangfire, timers.Measurement);
    if (settings.Postgres is { } postgres)
    {
        await PostgresEngineBenchmark.RunAsync(postgres, settings, options);
    }
    summary = () => Report.Summary(database, raw, tasks, timers.Measurement);
}

Report.Progress($"(d) {settings.Expressions} expressions on Jint 2.10.4 (child process), then on Jint 4.18 (the engine's evaluator)");
var jint2 = await ExpressionBenchmark.RunJint2Async(settings.Expressions);
var jint4 = ExpressionBenchmark.RunJint4(settings.Expressions, options, out var jint4Results);
Report.Expressions(jint2.Rate, jint4, jint2.Results, jint4Results, jint2.Problem);
summary?.Invoke();
