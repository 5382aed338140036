using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.DemoData;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.DemoData;

/// <summary>The demo session seeded through the real host services: the real workflows, calendar and profile, a manual clock.</summary>
public sealed class DemoDataSeederTests
{
    private static readonly DemoDataOptions Small = new() { Deputies = 30, Suggestions = 40 };

    private static readonly string RepoRoot = RepoPaths.Root;

    private static EngineApiHost Host(string clockStart, Action<IServiceCollection>? services = null) => new(new Dictionary<string, string?>
    {
        ["Engine:WorkflowsPath"] = Path.Combine(RepoRoot, "workflows"),
        ["Handling:CalendarPath"] = Path.Combine(RepoRoot, "workflows", "calendars"),
        ["Engine:Clock:Start"] = clockStart,
        ["DemoData:Enabled"] = "false", // the test seeds explicitly
        ["Notifications:Dispatch:Enabled"] = "false",
        ["Notifications:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests", $"mail-{Guid.NewGuid():N}"),
    }, services);

    [Fact]
    public async Task SeedDemoData_EmptyDatabase_SeedsOneSessionSpreadOverEveryStage()
    {
        await using var host = Host("2025-01-06T01:00:00Z");
        var result = await host.Services.SeedDemoDataAsync(Small);

        Assert.False(result.Skipped, result.SkippedReason);
        Assert.Empty(result.Failures);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(30, await db.Set<Deputy>().CountAsync());
        Assert.Equal(40, await db.Set<HandlingUnit>().CountAsync());
        Assert.Equal(8, await db.Set<Committee>().CountAsync());
        Assert.Equal(6, await db.Set<Leader>().CountAsync());
        Assert.Contains(await db.Set<HandlingUnit>().Select(u => u.Id).ToListAsync(), id => id == "fgw");

        var suggestions = await db.Set<Suggestion>().AsNoTracking().Include(s => s.Units).ToListAsync();
        Assert.Equal(40, suggestions.Count);
        Assert.All(suggestions, s => Assert.True(s is { Term: 18, Session: 5, Kind: SuggestionKind.Session }));
        Assert.Equal(Enumerable.Range(1, 40), suggestions.Select(s => s.Number).Order());
        Assert.True(suggestions.Select(s => s.Category).Distinct().Count() >= 4, "suggestions spread over the categories");
        Assert.True(suggestions.Select(s => s.FormedBy).Distinct().Count() >= 3, "suggestions formed in different ways");
        Assert.True(suggestions.Select(s => s.Title).Distinct().Count() >= 35, "titles vary");
        var states = suggestions.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count());
        foreach (var expected in new[]
                 {
                     SuggestionState.InHandling, SuggestionState.Replied, SuggestionState.FollowUp, SuggestionState.Closed,
                     SuggestionState.Converted, SuggestionState.Merged, SuggestionState.Withdrawn, SuggestionState.ReturnedForRevision,
                 })
        {
            Assert.True(states.ContainsKey(expected), $"no suggestion is {expected}; states: {string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"))}");
        }
        Assert.True(states[SuggestionState.InHandling] >= 5, "many suggestions are still in handling");
        Assert.DoesNotContain(SuggestionState.AwaitingAssignment, states.Keys);

        // One 交办会, and every accepted suggestion was assigned at it (all at once).
        var meeting = Assert.Single(await db.Set<AssignmentMeeting>().ToListAsync());
        Assert.Equal(DemoDataSeeder.MeetingName, meeting.Name);
        var accepted = await db.Set<ReviewDecision>().Where(r => r.Outcome == ReviewOutcome.Accept).Select(r => r.SuggestionId).Distinct().OrderBy(id => id).ToListAsync();
        var assignments = await db.Set<Assignment>().AsNoTracking().ToListAsync();
        Assert.Equal(accepted, assignments.Select(a => a.SuggestionId).Order());
        Assert.All(assignments, a => Assert.Equal(meeting.Id, a.MeetingId));
        Assert.Equal(accepted.Count, result.Assigned);
        Assert.Contains(suggestions, s => s.IsKey && s.KeyLeaderId is not null && s.KeyCommitteeId is not null);
        Assert.Contains(suggestions, s => s.Units.Any(u => u.Role == UnitRole.Co));

        // Handling reached every step: plans, the three visits, replies of several classes, ratings.
        Assert.NotEmpty(await db.Set<HandlingPlan>().ToListAsync());
        Assert.Equal(3, await db.Set<DeputyContact>().Select(c => c.Stage).Distinct().CountAsync());
        Assert.True(await db.Set<Reply>().Select(r => r.ResultClass).Distinct().CountAsync() >= 2);
        Assert.Contains(await db.Set<Evaluation>().Where(e => !e.NotEvaluated).Select(e => e.Result).ToListAsync(), r => r == Satisfaction.Satisfied);
        Assert.NotEmpty(await db.Set<ExtensionRequest>().Where(r => r.Approved != null).ToListAsync());
        Assert.NotEmpty(await db.Set<ReassignmentDecision>().ToListAsync());

        // Work is waiting in the units' task lists, offered to units that exist.
        var engine = host.Services.GetRequiredService<ProcessEngine>();
        var open = await engine.FindTasksAsync(new TaskQuery());
        var unitGroups = open.SelectMany(t => t.CandidateGroups).Where(g => g.StartsWith("unit:", StringComparison.Ordinal)).ToList();
        Assert.True(unitGroups.Count >= 5, $"open unit tasks: {unitGroups.Count}");
        var unitIds = await db.Set<HandlingUnit>().Select(u => u.Id).ToListAsync();
        Assert.All(unitGroups, g => Assert.Contains(g["unit:".Length..], unitIds));
        Assert.Contains(open, t => t.ActivityId == "evaluate");
        Assert.Empty(await engine.GetIncidentsAsync());
    }

    [Fact]
    public async Task SeedDemoData_MoreUnitsThanTheCitys_DistrictBranchesGetSuggestions()
    {
        await using var host = Host("2025-01-06T01:00:00Z");
        var result = await host.Services.SeedDemoDataAsync(new DemoDataOptions { Deputies = 30, Suggestions = 40, Units = 250 });

        Assert.False(result.Skipped, result.SkippedReason);
        Assert.Empty(result.Failures);
        Assert.Equal(250, result.Units);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var units = await db.Set<HandlingUnit>().AsNoTracking().ToDictionaryAsync(u => u.Id);
        Assert.Equal(250, units.Count);
        Assert.Equal(250, units.Values.Select(u => u.Name).Distinct().Count());
        Assert.Equal("东城区教育局", units["jyj-dc"].Name);
        // Most suggestions go to a branch (40 city units, 210 branches), every assigned unit exists, none twice in one suggestion.
        var assigned = await db.Set<SuggestionUnit>().AsNoTracking().ToListAsync();
        Assert.All(assigned, u => Assert.Contains(u.UnitId, units.Keys));
        Assert.Contains(assigned, u => u.UnitId.Contains('-', StringComparison.Ordinal));
        Assert.All(assigned.Where(u => u.IsActive).GroupBy(u => u.SuggestionId), g => Assert.Equal(g.Count(), g.Select(u => u.UnitId).Distinct().Count()));
    }

    [Fact]
    public async Task SeedDemoData_ClockThatCannotBeMoved_DoesEverythingToday()
    {
        var now = new DateTimeOffset(2025, 3, 3, 1, 0, 0, TimeSpan.Zero); // Monday 09:00 in China
        // Not the engine's ManualClock (as the system clock is not): the seeder cannot move it.
        await using var host = Host(now.ToString("O"), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));

        var result = await host.Services.SeedDemoDataAsync(new DemoDataOptions { Deputies = 20, Suggestions = 25 });

        Assert.False(result.Skipped, result.SkippedReason);
        Assert.Empty(result.Failures);
        Assert.Equal(new DateOnly(2025, 3, 3), result.MeetingOn);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(new DateOnly(2025, 3, 3), (await db.Set<AssignmentMeeting>().SingleAsync()).HeldOn);
        var states = await db.Set<Suggestion>().Select(s => s.State).Distinct().ToListAsync();
        Assert.Contains(SuggestionState.InHandling, states);
        Assert.Contains(SuggestionState.Closed, states);
        Assert.All(await db.Set<Suggestion>().Select(s => s.SubmittedAt).ToListAsync(), at => Assert.Equal(now.UtcDateTime, at));
    }

    [Fact]
    public async Task SeedDemoData_SecondRun_DoesNothing()
    {
        await using var host = Host("2025-01-06T01:00:00Z");
        var first = await host.Services.SeedDemoDataAsync(new DemoDataOptions { Deputies = 10, Suggestions = 5 });
        Assert.False(first.Skipped, first.SkippedReason);
        var engine = host.Services.GetRequiredService<ProcessEngine>();
        var tasksBefore = (await engine.FindTasksAsync(new TaskQuery())).Count;

        var second = await host.Services.SeedDemoDataAsync(Small);

        Assert.True(second.Skipped);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(10, await db.Set<Deputy>().CountAsync());
        Assert.Equal(5, await db.Set<Suggestion>().CountAsync());
        Assert.Single(await db.Set<AssignmentMeeting>().ToListAsync());
        Assert.Equal(tasksBefore, (await engine.FindTasksAsync(new TaskQuery())).Count);
    }

    [Fact]
    public async Task SeedDemoData_CalendarMissingNextYear_SkipsWithReasonAndWritesNothing()
    {
        // 2027-03-01: the yearly B-class report and the 6-month limit reach into 2028, which has no calendar file.
        await using var host = Host("2027-03-01T01:00:00Z");

        var result = await host.Services.SeedDemoDataAsync(Small);

        Assert.True(result.Skipped);
        Assert.Contains("工作日历", result.SkippedReason, StringComparison.Ordinal);
        using var scope = host.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Deputy>().AnyAsync());
    }

    [Fact]
    public async Task SeedDemoData_Disabled_DoesNothing()
    {
        await using var host = Host("2025-01-06T01:00:00Z");

        var result = await host.Services.SeedDemoDataAsync(new DemoDataOptions { Enabled = false });

        Assert.True(result.Skipped);
        using var scope = host.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Deputy>().AnyAsync());
    }
}
