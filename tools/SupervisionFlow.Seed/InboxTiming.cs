using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Inbox;

namespace SupervisionFlow.Web.Seed;

/// <summary>
/// Times the inbox (issue #4: "answers within 100 ms on the seeded session") on the database being seeded: the same
/// query the page runs, for the office while every suggestion awaits review and then 交办 (its busiest moments), and
/// at the end for the office, the busiest unit and the busiest deputy.
/// </summary>
internal static class InboxTiming
{
    private const int Runs = 30;

    private static readonly Actor Office = new("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });

    private static readonly List<string> Lines = [];

    /// <summary>Times the office's inbox now (called by the seeder at a stage); printed with the final table.</summary>
    public static async Task TimeOfficeAsync(IServiceProvider services, string stage) =>
        Lines.Add(await TimeAsync(services, $"office (联工委), {stage}", Office));

    public static async Task PrintAsync(IServiceProvider services)
    {
        var actors = await PickActorsAsync(services);
        foreach (var (label, actor) in actors)
        {
            Lines.Add(await TimeAsync(services, label, actor));
        }
        Console.WriteLine();
        Console.WriteLine($"inbox (InboxQuery.LoadAsync, a fresh DI scope per run, {Runs} runs after 3 warm-ups; target <= 100 ms)");
        Console.WriteLine("actor                                  |  rows | median ms |   p95 ms |    max ms");
        Console.WriteLine("---------------------------------------------------------------------------------");
        Lines.ForEach(Console.WriteLine);
    }

    private static async Task<string> TimeAsync(IServiceProvider services, string label, Actor actor)
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
        return string.Format(CultureInfo.InvariantCulture, "{0,-38} | {1,5} | {2,9:F1} | {3,8:F1} | {4,9:F1}",
            label, rows, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], times[^1]);
    }

    private static async Task<List<(string Label, Actor Actor)>> PickActorsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<ProcessEngine>();
        var tasks = await engine.FindTasksAsync(new TaskQuery());
        var groups = tasks.SelectMany(t => t.CandidateGroups).GroupBy(g => g).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        var unit = groups.FirstOrDefault(g => g.StartsWith("unit:", StringComparison.Ordinal)) ?? "unit:none";
        var deputy = groups.FirstOrDefault(g => g.StartsWith("deputy:", StringComparison.Ordinal)) ?? "deputy:0";
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var open = await db.Set<Suggestion>().CountAsync(s => s.State != SuggestionState.Closed);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} open tasks, {1} suggestions not closed", tasks.Count, open));
        return
        [
            ("office (联工委), end of seeding", Office),
            ($"busiest unit ({unit})", new Actor("unit", "经办人", new HashSet<string> { unit, unit.Replace("unit:", "unitHead:", StringComparison.Ordinal) })),
            ($"busiest deputy ({deputy})", new Actor("deputy", "代表", new HashSet<string> { deputy })),
        ];
    }
}
