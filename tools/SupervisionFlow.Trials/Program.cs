using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using SupervisionFlow.Trials;

// Crash trials (issue #9): the built host as a child process, SIGKILLed under load, restarted, and its books checked.
//   dotnet build -c Release
//   dotnet run -c Release --project tools/SupervisionFlow.Trials -- --trials 5 [--provider PostgreSQL] [--nodes 2]
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200;
}
var settings = TrialSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(TrialSettings.Usage);
    return 2;
}
var repoRoot = TrialSettings.FindRepositoryRoot();
var random = new Random(settings.Seed);
AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
    $"[grey]provider {settings.Provider}, nodes {settings.Nodes}, seed {settings.Seed}, load {settings.Load.TotalSeconds:0} s per trial[/]");

using var smtp = await SmtpSink.StartAsync(Directory.CreateTempSubdirectory("sf-trials-smtp-").FullName);
var trial = new Trial(settings, repoRoot, smtp, random);
int lost = 0, doubled = 0, stuck = 0, resent = 0, errors = 0;
var elapsed = Stopwatch.StartNew();
for (var n = 1; n <= settings.Trials; n++)
{
    try
    {
        var outcome = await trial.RunAsync(n);
        var books = outcome.Books;
        lost += books.Lost;
        doubled += books.Doubled;
        stuck += books.Stuck;
        resent += books.Resent;
        var colour = books.Lost + books.Doubled + books.Stuck == 0 ? "green" : "red";
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
            $"[{colour}]trial {n}[/]: {outcome.Duration.TotalSeconds:0.0} s, killed node {outcome.Victim + 1} at {outcome.KilledAt.TotalSeconds:0.0} s, " +
            $"requests {outcome.Requests} ({outcome.Failures} unanswered), steps {books.Steps}, mails {books.Mails}, settled in {outcome.Settle.TotalSeconds:0.0} s; " +
            $"lost {books.Lost}, doubled {books.Doubled}, stuck {books.Stuck}, resent {books.Resent}, unsent {books.Unsent}");
        foreach (var finding in books.Findings.Take(20))
        {
            AnsiConsole.MarkupLine($"  [red]{Markup.Escape(finding)}[/]");
        }
    }
    catch (InvalidOperationException e)
    {
        // A trial that could not run (the host would not start) is reported, not counted as a clean one.
        errors++;
        AnsiConsole.MarkupLine($"[red]trial {n}: could not run: {Markup.Escape(e.Message)}[/]");
    }
}
var perTrial = elapsed.Elapsed.TotalSeconds / settings.Trials;
AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"[grey]resent {resent} (same Message-ID, at most one per crash), {perTrial:0.0} s per trial, {errors} trials could not run[/]");
Console.WriteLine($"trials: {settings.Trials - errors}, lost: {lost}, doubled: {doubled}, stuck: {stuck}");
return lost + doubled + stuck + errors == 0 ? 0 : 1;
