using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.DemoData;
using SupervisionFlow.Web.Seed;
using Spectre.Console;

// Fills a database with a realistic session (issue #3): the same services as the web host, on a manual clock that
// walks from the session through the 交办会 and ten weeks of handling.
//   dotnet run -c Release --project tools/SupervisionFlow.Seed -- --database data/seed.db --suggestions 700 --deputies 500
//   dotnet run -c Release --project tools/SupervisionFlow.Seed -- --postgres "Host=…;Database=sf_seed;…" --suggestions 10000 --deputies 3000 --units 250
// Redirected output has no terminal width: Spectre would wrap the tables at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 160;
}
var settings = SeedSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(SeedSettings.Usage);
    return 2;
}
var repoRoot = SeedSettings.FindRepositoryRoot();
var databasePath = Path.GetFullPath(settings.Database, Directory.GetCurrentDirectory());
var target = settings.Target(databasePath);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [],
    ContentRootPath = repoRoot, // workflows/, workflows/calendars/ and the root appsettings.json
    EnvironmentName = "Seed", // a manual clock is refused in Production
});
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = settings.Provider.ToString(),
    ["ConnectionStrings:SupervisionFlow"] = settings.Provider == DatabaseProvider.Sqlite ? $"Data Source={databasePath}" : settings.Connection,
    ["Engine:Sweep:Enabled"] = "false",
    ["Engine:Clock:Mode"] = "Manual",
    ["Engine:Clock:Start"] = settings.SessionStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T09:00:00+08:00",
    ["DemoData:Enabled"] = "false",
    // The host is never started, so no Hangfire server runs and nothing is written to Hangfire's storage: the web
    // host sends the outbox later, to data/mail by default.
    ["Notifications:Dispatch:Enabled"] = "false",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
});
builder.AddSupervisionFlow();
builder.AddDemoData();
var statements = new StatementCounter(settings.StatementShapes);
builder.Services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(statements, statements.Savepoints));
await using var app = builder.Build();

var total = Stopwatch.StartNew();
await app.InitializeEngineAsync(); // migrates (MigrateDatabaseAsync) and deploys workflows/*.bpmn
var setup = total.Elapsed;
// SQL statements up to each stage (the directory's few batched inserts count with the filings; the inbox timing is left out).
var statementsAt = new Dictionary<string, long>(StringComparer.Ordinal) { ["start"] = statements.Count };
var shapesAt = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal) { ["start"] = statements.Shapes() };
using var scope = app.Services.CreateScope();
var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
// A spinner with the stage reached while a terminal watches; plain output (no animation) when redirected.
var result = await AnsiConsole.Status().StartAsync(
    $"模拟会期：{settings.Suggestions} 件建议，{settings.Deputies} 名代表，{settings.Units} 个承办单位 …",
    status => seeder.SeedAsync(
        new DemoDataSize(settings.Deputies, settings.Suggestions, settings.SessionStart, settings.Units),
        async stage =>
        {
            statementsAt[stage] = statements.Count;
            shapesAt[stage] = statements.Shapes();
            status.Status($"模拟会期：{stage}，计时待办 …");
            await InboxTiming.TimeOfficeAsync(app.Services, stage == "submitted" ? "all awaiting review" : "all awaiting 交办");
            statementsAt[stage + ".timed"] = statements.Count;
            shapesAt[stage + ".timed"] = statements.Shapes();
        }));
if (result.Skipped)
{
    Console.Error.WriteLine($"Nothing seeded into {target}: {result.SkippedReason}");
    return 1;
}
await SeedReport.PrintAsync(app.Services, settings, target, result, setup);
SeedReport.PrintStatements(result, statementsAt);
SeedReport.PrintShapes(result, shapesAt);
await InboxTiming.PrintAsync(app.Services);
return result.Failures.Count == 0 ? 0 : 3;
