using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Inbox;
using Spectre.Console;

namespace SupervisionFlow.Web.Seed;

/// <summary>
/// Times the inbox (issue #4: "answers within 100 ms on the seeded session") on the database being seeded: the same
/// query the page runs, for the office while every suggestion awaits review and then 交办 (its busiest moments), and
/// at the end for the office, the busiest unit and the busiest deputy. Each timing first refreshes SQLite's planner
/// statistics (<see cref="SqliteStatistics"/>) as the host's hourly job and its run after each start do: a session
/// grown from nothing within one run of this tool would otherwise be planned with no statistics at all (on PostgreSQL
/// an <c>ANALYZE</c>, as autovacuum runs after such growth).
/// </summary>
internal static class InboxTiming
{
    private const int Runs = 30;

    private static readonly Actor Office = new("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });

    private static readonly List<Timing> Timings = [];

    /// <summary>Times the office's inbox now (called by the seeder at a stage); printed with the final table.</summary>
    public static async Task TimeOfficeAsync(IServiceProvider services, string stage)
    {
        await RefreshStatisticsAsync(services);
        Timings.Add(await TimeAsync(services, $"office (联工委), {stage}", Office));
    }

    public static async Task PrintAsync(IServiceProvider services)
    {
        await RefreshStatisticsAsync(services);
        var actors = await PickActorsAsync(services);
        foreach (var (label, actor) in actors)
        {
            Timings.Add(await TimeAsync(services, label, actor));
        }
        var table = new Table().Border(TableBorder.Simple)
            .Title($"inbox (InboxQuery.LoadAsync, a fresh DI scope per run, {Runs} runs after 3 warm-ups; target <= 100 ms)")
            .AddColumn("actor").AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("median ms").RightAligned())
            .AddColumn(new TableColumn("p95 ms").RightAligned()).AddColumn(new TableColumn("max ms").RightAligned());
        foreach (var t in Timings)
        {
            table.AddRow(Markup.Escape(t.Label), Cell(t.Rows), Cell(t.Median), Cell(t.P95), Cell(t.Max));
        }
        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
    }

    private static async Task RefreshStatisticsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await SqliteStatistics.RefreshAsync(db))
        {
            // PostgreSQL: what autovacuum's ANALYZE does after such growth, which also renews the generic plans of the
            // statements Npgsql keeps prepared (Database:PostgresMaxAutoPrepare) — a plan made on an empty table is bad.
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
    }

    private static string Cell(double value) => value.ToString(value % 1 == 0 ? "0" : "0.0", CultureInfo.InvariantCulture);

    private sealed record Timing(string Label, int Rows, double Median, double P95, double Max);

    private static async Task<Timing> TimeAsync(IServiceProvider services, string label, Actor actor)
    {
        var times = new List<double>();
        var rows = 0;
        for (var run = 0; run < Runs + 3; run++)
        {
            using var scope = services.CreateScope();
            var inbox = scope.ServiceProvider.GetRequiredService<InboxQuery>();
            var watch = Stopwatch.StartNew();
            rows = (await inbox.LoadAsync(actor, CancellationToken.None)).Count;
            watch.Stop();
            if (run >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        return new Timing(label, rows, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], times[^1]);
    }

    private static async Task<List<(string Label, Actor Actor)>> PickActorsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Counted in the task rows, not through the engine's task list (a page): exact at any size.
        var openTasks = await db.Set<UserTaskRecord>().CountAsync();
        var groups = await db.Set<TaskCandidateRecord>().Where(c => c.Kind == "group").GroupBy(c => c.Value)
            .Select(g => new { g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).Select(g => g.Key).ToListAsync();
        var unit = groups.FirstOrDefault(g => g.StartsWith("unit:", StringComparison.Ordinal)) ?? "unit:none";
        var deputy = groups.FirstOrDefault(g => g.StartsWith("deputy:", StringComparison.Ordinal)) ?? "deputy:0";
        var open = await db.Set<Suggestion>().CountAsync(s => s.State != SuggestionState.Closed);
        AnsiConsole.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} open tasks, {1} suggestions not closed", openTasks, open));
        return
        [
            ("office (联工委), end of seeding", Office),
            ($"busiest unit ({unit})", new Actor("unit", "经办人", new HashSet<string> { unit, unit.Replace("unit:", "unitHead:", StringComparison.Ordinal) })),
            ($"busiest deputy ({deputy})", new Actor("deputy", "代表", new HashSet<string> { deputy })),
        ];
    }
}
