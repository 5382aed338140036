using SupervisionFlow.Bench;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Timers;

// Issue #2, "What it must show": on the SQLite file database, in one run, the raw single-row commit rate (a),
// user tasks completed per second through a 10-step process (b), due timers fired per second (c), and the
// ratios b/a and c/a; issue #17: the same sweep run by a Hangfire server (d). Usage:
// dotnet run -c Release --project tools/SupervisionFlow.Bench [--rows=N --instances=N --timers=N --hangfire-timers=N --batch=N]

var settings = BenchSettings.Parse(args);
var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
var options = new EngineOptions();
if (settings.TimerBatchSize is { } batch)
{
    options.TimerBatchSize = batch;
}
await using var database = await BenchDatabase.CreateAsync();
var engine = new ProcessEngine(database.CreateContext, clock, options: options);
Report.Machine(database, options, settings);

Report.Progress("(a) raw commits: ADO.NET, then EF Core");
var raw = await RawCommitBenchmark.RunAdoAsync(database, settings.Rows);
var efRaw = await RawCommitBenchmark.RunEfCoreAsync(database, settings.Rows);

Report.Progress($"(b) starting {settings.Instances} ten-step instances and completing their tasks");
var tasks = await TaskCompletionBenchmark.RunAsync(engine, database, settings.Instances);

Report.Progress($"(c) starting {settings.Timers} instances waiting on a PT1H timer, then one sweep");
var timers = await TimerSweepBenchmark.RunAsync(engine, clock, database, settings.Timers);

Report.Progress($"(d) starting {settings.HangfireTimers} more timer instances, then a Hangfire server running the host's sweep");
var hangfire = await HangfireSweepBenchmark.RunAsync(engine, clock, database, settings.HangfireTimers);

Report.Results(raw, efRaw, tasks, timers.Measurement, timers.SetupElapsed);
Report.HangfireSweep(hangfire, timers.Measurement);
