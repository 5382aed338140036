using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Handling;

/// <summary>
/// 交办会 at scale (#10, #18): every line is checked before any work and all refused lines are named at once; a
/// confirmed list is assigned in chunks, each one transaction, and resumes after a failure without assigning twice.
/// On a SQLite file and on PostgreSQL.
/// </summary>
public sealed class AssignmentMeetingTests
{
    [Fact]
    public async Task Assign_ThreeStaleAmongFifty_OneRefusalNamesAllThreeAndTheOther47AssignWithoutThem_Sqlite()
    {
        await using var world = await StartAsync(null, null, chunkSize: 20);
        await AssertStaleLinesRefusedTogetherAsync(world);
    }

    [PostgresFact]
    public async Task Assign_ThreeStaleAmongFifty_OneRefusalNamesAllThreeAndTheOther47AssignWithoutThem_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await StartAsync(database, null, chunkSize: 20);
        await AssertStaleLinesRefusedTogetherAsync(world);
    }

    [Fact]
    public async Task Chunks_SaveFailsInThirdChunk_FirstTwoStayResumeAssignsEachSuggestionOnce_Sqlite()
    {
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(null, faults, chunkSize: 10);
        await AssertResumeAfterFailureAsync(world, faults);
    }

    [PostgresFact]
    public async Task Chunks_SaveFailsInThirdChunk_FirstTwoStayResumeAssignsEachSuggestionOnce_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(database, faults, chunkSize: 10);
        await AssertResumeAfterFailureAsync(world, faults);
    }

    [Fact]
    public async Task Assign_ChunkOfSix_VariableHistoryNoticesAndAuditAsWhenAssignedOneByOne_Sqlite()
    {
        await using var world = await StartAsync(null, null, chunkSize: 4);
        await AssertChunkWritesWhatOneByOneWritesAsync(world);
    }

    [PostgresFact]
    public async Task Assign_ChunkOfSix_VariableHistoryNoticesAndAuditAsWhenAssignedOneByOne_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await StartAsync(database, null, chunkSize: 4);
        await AssertChunkWritesWhatOneByOneWritesAsync(world);
    }

    /// <summary>
    /// A chunk reads its lines' tasks, suggestions and lookups at once, writes its history rows in multi-row inserts, and
    /// its notices read for the whole batch: what a user sees afterwards (the variable history, the notices, the audit
    /// trail) must be what the 交办 form writes for one suggestion alone.
    /// </summary>
    private static async Task AssertChunkWritesWhatOneByOneWritesAsync(ScenarioWorld world)
    {
        var ids = await ReviewedAsync(world, 7);
        var meeting = await CreateMeetingAsync(world, "交办会");
        await world.CompleteAsync(ids[0], "assign", ScenarioWorld.Office,
            new { leadUnitId = "jtj", otherUnitIds = new[] { "gaj" }, mode = "LeadWithCo", meetingId = meeting });
        var chunked = ids.Skip(1).ToList();

        Assert.Equal(6, await WithMeetingsAsync(world, m => m.AssignAsync(meeting, [.. chunked.Select(Order)], ScenarioWorld.Office)));

        var alone = await WrittenAsync(world, ids[0]);
        Assert.Equal(11, alone.FormVariables.Count);
        Assert.Equal(2, alone.Notices.Count); // the lead deputy and the co-signer
        foreach (var id in chunked)
        {
            var written = await WrittenAsync(world, id);
            Assert.Equal(alone.FormVariables, written.FormVariables);
            Assert.Equal(alone.VariableNames, written.VariableNames);
            Assert.Equal(alone.Notices, written.Notices);
            Assert.Equal(alone.Audit, written.Audit);
        }
    }

    private sealed record Written(List<string> FormVariables, List<string> VariableNames, List<string> Notices, List<string> Audit);

    /// <summary>What a suggestion's 交办 left behind, with its own id and number taken out so two suggestions compare.</summary>
    private static Task<Written> WrittenAsync(ScenarioWorld world, int id) => world.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var number = (await db.Set<Suggestion>().SingleAsync(x => x.Id == id)).DisplayNumber;
        var instances = await db.Set<ProcessInstanceRecord>().Where(i => i.BusinessKey == key).Select(i => i.Id).ToListAsync();
        var assignTask = await db.Set<HistoryActivityRecord>().Where(h => instances.Contains(h.ProcessInstanceId) && h.ActivityId == "assign").Select(h => h.Id).SingleAsync();
        var variables = await db.Set<HistoryVariableRecord>().Where(v => instances.Contains(v.ProcessInstanceId)).OrderBy(v => v.Id).ToListAsync();
        var notices = await db.Set<OutboxMessage>().Where(m => m.SuggestionId == id).OrderBy(m => m.DedupKey).ToListAsync();
        var audit = await db.Set<AuditEntry>().Where(a => a.SuggestionId == id).OrderBy(a => a.Id).Select(a => a.Actor + " " + a.Action + " " + a.Details).ToListAsync();
        string Neutral(string? text) => (text ?? "").Replace(number, "N", StringComparison.Ordinal)
            .Replace($"suggestions/{key}", "suggestions/#", StringComparison.Ordinal).Replace($":{key}:", ":#:", StringComparison.Ordinal);
        return new Written(
            [.. variables.Where(v => v.ActivityInstanceId == assignTask).Select(v => $"{v.Name}={v.ValueJson} by {v.SetBy} at {v.SetAt:O}")],
            [.. variables.Select(v => v.Name)],
            [.. notices.Select(m => $"{Neutral(m.DedupKey)} {m.Channel} {m.Status} {m.To} {Neutral(m.Subject)} {Neutral(m.Body)}")],
            [.. audit.Select(Neutral)]);
    });

    private static async Task AssertStaleLinesRefusedTogetherAsync(ScenarioWorld world)
    {
        var ids = await ReviewedAsync(world, 50);
        // Three go stale before the meeting: assigned one by one elsewhere.
        var stale = new[] { ids[4], ids[23], ids[41] };
        var earlier = await CreateMeetingAsync(world, "先行交办");
        await WithMeetingsAsync(world, m => m.AssignAsync(earlier, [.. stale.Select(Order)], ScenarioWorld.Office));
        var meeting = await CreateMeetingAsync(world, "第十八届人大五次会议代表建议交办会");

        var refusal = await Assert.ThrowsAsync<AssignmentRefusedException>(() =>
            WithMeetingsAsync(world, m => m.AssignAsync(meeting, [.. ids.Select(Order)], ScenarioWorld.Office)));

        Assert.Equal(stale, refusal.Refusals.Select(r => r.SuggestionId));
        foreach (var id in stale)
        {
            var suggestion = await world.SuggestionAsync(id);
            Assert.Contains($"{suggestion.DisplayNumber}《{suggestion.Title}》：不在待交办状态", refusal.Message, StringComparison.Ordinal);
        }
        Assert.StartsWith("以下 3 件建议不能交办，本次交办未执行", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await AssignmentsAsync(world, meeting));
        Assert.Equal(47, (await AwaitingAsync(world, ids)).Count);

        var rest = ids.Except(stale).ToList();
        var assigned = await WithMeetingsAsync(world, m => m.AssignAsync(meeting, [.. rest.Select(Order)], ScenarioWorld.Office));

        Assert.Equal(47, assigned);
        Assert.Equal(rest.Order(), (await AssignmentsAsync(world, meeting)).Order());
        Assert.Empty(await AwaitingAsync(world, ids));
        Assert.Equal(SuggestionState.InHandling, (await world.SuggestionAsync(rest[^1])).State);
        Assert.Equal(new MeetingProgress(47, 47), await WithMeetingsAsync(world, m => m.ProgressAsync(meeting)));
    }

    private static async Task AssertResumeAfterFailureAsync(ScenarioWorld world, FailingSaveInterceptor faults)
    {
        var ids = await ReviewedAsync(world, 35);
        var meeting = await CreateMeetingAsync(world, "大型交办会");
        await WithMeetingsAsync(world, m => m.ConfirmAsync(meeting, [.. ids.Select(Order)], ScenarioWorld.Office));
        await WithMeetingsAsync(world, m => m.AssignNextChunkAsync(meeting, ScenarioWorld.Office));
        Assert.Equal(new MeetingProgress(35, 20), await WithMeetingsAsync(world, m => m.AssignNextChunkAsync(meeting, ScenarioWorld.Office)));

        faults.FailNextSave();
        await Assert.ThrowsAsync<DbUpdateException>(() => WithMeetingsAsync(world, m => m.AssignNextChunkAsync(meeting, ScenarioWorld.Office)));

        Assert.Equal(1, faults.Failures);
        Assert.Equal(new MeetingProgress(35, 20), await WithMeetingsAsync(world, m => m.ProgressAsync(meeting)));
        Assert.Equal(20, (await AssignmentsAsync(world, meeting)).Count);
        Assert.Equal(15, (await AwaitingAsync(world, ids)).Count);

        // A new request (a reopened browser): resumes at the first line not yet assigned.
        var progress = await WithMeetingsAsync(world, m => m.ResumeAsync(meeting, ScenarioWorld.Office));

        Assert.Equal(new MeetingProgress(35, 35), progress);
        var assignments = await AssignmentsAsync(world, meeting);
        Assert.Equal(ids.Order(), assignments.Order());
        Assert.Empty(await AwaitingAsync(world, ids));
        var units = await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<SuggestionUnit>()
            .Where(u => ids.Contains(u.SuggestionId) && u.Role == UnitRole.Lead).Select(u => u.SuggestionId).ToListAsync());
        Assert.Equal(ids.Order(), units.Order());
        Assert.Equal(progress, await WithMeetingsAsync(world, m => m.AssignNextChunkAsync(meeting, ScenarioWorld.Office)));
    }

    private static AssignmentOrder Order(int suggestionId) => new(suggestionId, "jtj", ["gaj"]);

    private static async Task<List<int>> ReviewedAsync(ScenarioWorld world, int count)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var suggestion = await world.SubmitAsync();
            await world.CompleteAsync(suggestion.Id, "review", ScenarioWorld.Office, new { decision = "accept" });
            ids.Add(suggestion.Id);
        }
        return ids;
    }

    private static Task<int> CreateMeetingAsync(ScenarioWorld world, string name) =>
        WithMeetingsAsync(world, async m => (await m.CreateMeetingAsync(name, new DateOnly(2026, 3, 2), null, ScenarioWorld.Office)).Id);

    private static Task<T> WithMeetingsAsync<T>(ScenarioWorld world, Func<AssignmentMeetingService, Task<T>> action) =>
        world.WithScopeAsync(s => action(s.GetRequiredService<AssignmentMeetingService>()));

    /// <summary>The suggestions assigned at the meeting, one entry per assignment row (a suggestion assigned twice shows twice).</summary>
    private static Task<List<int>> AssignmentsAsync(ScenarioWorld world, int meeting) =>
        world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Assignment>().Where(a => a.MeetingId == meeting).Select(a => a.SuggestionId).ToListAsync());

    private static Task<HashSet<int>> AwaitingAsync(ScenarioWorld world, List<int> ids) =>
        WithMeetingsAsync(world, m => m.AwaitingAssignmentAsync(ids));

    private static Task<ScenarioWorld> StartAsync(TestPostgres? database, FailingSaveInterceptor? faults, int chunkSize)
    {
        var settings = new Dictionary<string, string?>(FormWalks.Settings)
        {
            ["Meetings:ChunkSize"] = chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Background work would write rows of its own between the chunks; these tests are about the commands.
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Notifications:Reminders:Enabled"] = "false",
        };
        if (database is not null)
        {
            settings["Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:SupervisionFlow"] = database.ConnectionString;
        }
        return ScenarioWorld.StartAsync(settings, services =>
        {
            if (faults is not null)
            {
                services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(faults));
            }
        });
    }
}
