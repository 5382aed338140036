using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.DemoData;
using Spectre.Console;

namespace SupervisionFlow.Web.Seed;

/// <summary>Prints what the database now holds: the directory, suggestions by state, open tasks by activity, timings.</summary>
internal static class SeedReport
{
    /// <summary>
    /// SQL statements per filing and per review action (review, revision, second review), from the counts the tool
    /// took at each stage: the intake's cost in round trips, beside its rate.
    /// </summary>
    public static void PrintStatements(DemoDataResult result, IReadOnlyDictionary<string, long> statementsAt)
    {
        if (!statementsAt.TryGetValue("submitted", out var submitted) || !statementsAt.TryGetValue("reviewed", out var reviewed))
        {
            return;
        }
        var filings = result.Phases.Where(p => p.Name == "submit").Sum(p => p.Actions);
        var reviews = result.Phases.Where(p => p.Name is "review" or "revise").Sum(p => p.Actions);
        var filing = (submitted - statementsAt["start"]) / (double)Math.Max(1, filings);
        var review = (reviewed - statementsAt["submitted.timed"]) / (double)Math.Max(1, reviews);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed_statements_per_filing={filing:0.0} seed_statements_per_review={review:0.0}"));
    }

    /// <summary>With <c>--statement-shapes</c>: the statements per filing and per review action by shape, most frequent first.</summary>
    public static void PrintShapes(DemoDataResult result, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> shapesAt)
    {
        if (!shapesAt.TryGetValue("submitted", out var submitted) || submitted.Count == 0 || !shapesAt.TryGetValue("reviewed", out var reviewed))
        {
            return;
        }
        var filings = result.Phases.Where(p => p.Name == "submit").Sum(p => p.Actions);
        var reviews = result.Phases.Where(p => p.Name is "review" or "revise").Sum(p => p.Actions);
        PrintShapeDifference("filing", shapesAt["start"], submitted, filings);
        PrintShapeDifference("review", shapesAt["submitted.timed"], reviewed, reviews);
    }

    private static void PrintShapeDifference(string action, IReadOnlyDictionary<string, long> from, IReadOnlyDictionary<string, long> to, int actions)
    {
        var rows = to.Select(s => (Shape: s.Key, Count: s.Value - from.GetValueOrDefault(s.Key))).Where(s => s.Count > 0)
            .OrderByDescending(s => s.Count).ThenBy(s => s.Shape, StringComparer.Ordinal);
        foreach (var (shape, count) in rows)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed_shape_per_{action}={count / (double)Math.Max(1, actions):0.00} {shape}"));
        }
    }

    public static async Task PrintAsync(IServiceProvider services, SeedSettings settings, string target, DemoDataResult result, TimeSpan setup)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<ProcessEngine>();
        var states = await db.Set<Suggestion>().GroupBy(s => s.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var classes = await db.Set<Suggestion>().Where(s => s.ResultClass != null).GroupBy(s => s.ResultClass).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var ratings = await db.Set<Evaluation>().Where(e => !e.NotEvaluated).GroupBy(e => e.Result).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var notEvaluated = await db.Set<Evaluation>().CountAsync(e => e.NotEvaluated);
        // Counted in the task rows, not through the engine's task list (a page): exact at any size.
        var tasks = await db.Set<UserTaskRecord>().GroupBy(t => new { t.ActivityId, t.Name })
            .Select(g => new { g.Key.ActivityId, g.Key.Name, Count = g.Count() }).ToListAsync();
        var incidents = await engine.GetIncidentsAsync();
        var key = await db.Set<Suggestion>().CountAsync(s => s.IsKey);
        var separate = await db.Set<Suggestion>().CountAsync(s => s.HandlingMode == HandlingMode.Separate && s.AssignedAt != null);
        var withCo = await db.Set<SuggestionUnit>().Where(u => u.Role == UnitRole.Co).Select(u => u.SuggestionId).Distinct().CountAsync();

        var table = new Table().Border(TableBorder.Simple).Title($"SupervisionFlow demo data → {Markup.Escape(target)}")
            .AddColumn("").AddColumn(new TableColumn("").RightAligned());
        void Row(string label, object value) =>
            table.AddRow(Markup.Escape(label), Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        void Section(string heading) => table.AddRow(new Markup($"[bold]{Markup.Escape(heading)}[/]"), Text.Empty);
        Row("代表 deputies", await db.Set<Deputy>().CountAsync());
        Row("代表团 delegations", await db.Set<Deputy>().Select(d => d.Delegation).Distinct().CountAsync());
        Row("承办单位 units", await db.Set<HandlingUnit>().CountAsync());
        Row("专门委员会 committees", await db.Set<Committee>().CountAsync());
        Row("领导 leaders", await db.Set<Leader>().CountAsync());
        Row("建议 suggestions", result.Suggestions);
        Row($"交办会 {result.MeetingOn:yyyy-MM-dd} assigned", result.Assigned);
        Row("  重点督办 key / 有会办 with co-units / 分办 separate", $"{key} / {withCo} / {separate}");
        Section("Suggestions by state");
        foreach (var state in states.OrderBy(s => s.Key))
        {
            Row($"  {StateLabels.Of(state.Key)} {state.Key}", state.Count);
        }
        Section("Result classes of replies");
        foreach (var c in classes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            Row($"  {c.Key}", c.Count);
        }
        Section("Evaluations (result)");
        foreach (var r in ratings.OrderBy(r => r.Key))
        {
            Row($"  {(r.Key is { } rating ? StateLabels.Of(rating) : "-")}", r.Count);
        }
        Row("  未测评 not evaluated (window expired)", notEvaluated);
        Section("Open tasks by activity");
        foreach (var group in tasks.OrderByDescending(g => g.Count).ThenBy(g => g.ActivityId, StringComparer.Ordinal))
        {
            Row($"  {group.Name} {group.ActivityId}", group.Count);
        }
        Row("  total", tasks.Sum(t => t.Count));
        Row("Incidents", incidents.Count);
        Section("Timings");
        Row("Simulated clock", $"{result.SessionStart:yyyy-MM-dd} → {result.EndedOn:yyyy-MM-dd}");
        Row("Migrate + deploy", $"{setup.TotalSeconds:0.0} s");
        Row("Seeding", $"{result.Elapsed.TotalSeconds:0.0} s");
        Row("Suggestions/s, whole session", (result.Suggestions / Math.Max(0.001, result.Elapsed.TotalSeconds)).ToString("0.0", CultureInfo.InvariantCulture));
        // Issue #10's rate: filing, review (and revision) and the 交办会, without the weeks of handling after it.
        var intake = result.Phases.Where(p => p.Name is "submit" or "review" or "revise" || p.Name.StartsWith("assign", StringComparison.Ordinal))
            .Sum(p => p.Elapsed.TotalSeconds);
        Row("Filing + review + 交办", $"{intake:0.0} s");
        Row("Suggestions/s through filing, review, 交办", (result.Suggestions / Math.Max(0.001, intake)).ToString("0.0", CultureInfo.InvariantCulture));
        Section("Timings by step (actions, seconds, ms per action)");
        foreach (var phase in result.Phases.GroupBy(p => p.Name, StringComparer.Ordinal))
        {
            var actions = phase.Sum(p => p.Actions);
            var seconds = phase.Sum(p => p.Elapsed.TotalSeconds);
            Row($"  {phase.Key}", string.Create(CultureInfo.InvariantCulture, $"{actions,5} {seconds,7:0.0} s {seconds * 1000 / Math.Max(1, actions),6:0} ms"));
        }
        Row("Failures", result.Failures.Count);
        foreach (var failure in result.Failures.Take(20))
        {
            Row($"  ! {failure}", "");
        }
        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
        // Machine-readable lines for scripts that collect the figures (issue #10).
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed_intake_per_s={result.Suggestions / Math.Max(0.001, intake):0.0} seed_session_per_s={result.Suggestions / Math.Max(0.001, result.Elapsed.TotalSeconds):0.0} seed_failures={result.Failures.Count}"));
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }
        AnsiConsole.WriteLine("To open it as of the simulated day:");
        AnsiConsole.WriteLine($"  ConnectionStrings__SupervisionFlow=\"Data Source={target}\" Engine__Clock__Mode=Manual "
                          + $"Engine__Clock__Start={result.EndedOn:yyyy-MM-dd}T18:00:00+08:00 DemoData__Enabled=false "
                          + "ASPNETCORE_ENVIRONMENT=Development dotnet run --project src/SupervisionFlow.Web");
    }
}
