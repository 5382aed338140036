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
/// Times the inbox (issue #4: "answers within 100 ms on the seeded session") on the database just seeded: the same
/// query the page runs, for the office (every open office task), the busiest unit and the busiest deputy.
/// </summary>
internal static class InboxTiming
{
    private const int Runs = 30;

    public static async Task PrintAsync(IServiceProvider services)
    {
        var actors = await PickActorsAsync(services);
        Console.WriteLine();
        Console.WriteLine($"inbox (InboxQuery.LoadAsync, a fresh DI scope per run, {Runs} runs after 3 warm-ups; target <= 100 ms)");
        Console.WriteLine("actor                          |  rows | median ms |   p95 ms |    max ms");
        Console.WriteLine("-------------------------------------------------------------------------");
        foreach (var (label, actor) in actors)
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
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-30} | {1,5} | {2,9:F1} | {3,8:F1} | {4,9:F1}",
                label, rows, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], times[^1]));
        }
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
            ("office (联工委)", new Actor("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup })),
            ($"busiest unit ({unit})", new Actor("unit", "经办人", new HashSet<string> { unit, unit.Replace("unit:", "unitHead:", StringComparison.Ordinal) })),
            ($"busiest deputy ({deputy})", new Actor("deputy", "代表", new HashSet<string> { deputy })),
        ];
    }
}
