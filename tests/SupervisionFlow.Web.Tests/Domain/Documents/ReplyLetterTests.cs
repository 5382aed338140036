using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Documents;

/// <summary>The 答复函: draft before sign-off, final with its 文号 at sign-off, the 文号 sequence under concurrent sign-offs.</summary>
public sealed class ReplyLetterTests
{
    public static Dictionary<string, string?> Settings => new(Domain.Handling.FormWalks.Settings)
    {
        ["Documents:TemplatesPath"] = Path.Combine(RepoPaths.Workflows, "templates"),
        ["Notifications:Dispatch:Enabled"] = "false",
        ["Notifications:Reminders:Enabled"] = "false",
    };

    [Fact]
    public async Task SignOff_IssuesTheFinalLetterWithEveryFieldFilled()
    {
        await using var world = await ScenarioWorld.StartAsync(Settings);
        var suggestion = await world.SubmitAsync(coSigners: [2]);
        await world.AcceptAndAssignAsync(suggestion.Id, "jtj", []);

        await world.HandleAsync(suggestion.Id, "jtj", resultClass: "B");

        var letter = Assert.Single(await DocumentsAsync(world, suggestion.Id));
        Assert.Equal("市交通运输局复〔2026〕1号", letter.DocumentNumber);
        Assert.Equal(TemplateStore.Sha256Of(letter.Content), letter.Sha256);
        var text = DocxTestFiles.BodyText(letter.Content);
        Assert.Empty(DocxTestFiles.Placeholders(letter.Content));
        foreach (var expected in new[]
                 {
                     "市交通运输局复〔2026〕1号", "王建国、李秀英代表", "关于优化城区公交线网的建议", "第十八届人大第五次会议第1号建议",
                     "答复类别：B", "正在解决或列入计划逐步解决", "经研究，已新开社区微循环线路3条。", "签发人：赵局长", "联系人：刘经办", "028-1234567", "2026年",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("草稿", text, StringComparison.Ordinal);
        // SF_DOCS_SAMPLE_DIR keeps the letter, to render it for the README (LibreOffice headless).
        if (System.Environment.GetEnvironmentVariable("SF_DOCS_SAMPLE_DIR") is { Length: > 0 } folder)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "reply-letter-sample.docx"), letter.Content);
        }
    }

    [Fact]
    public async Task Draft_BeforeSignOff_IsMarkedAndNumberless()
    {
        await using var world = await ScenarioWorld.StartAsync(Settings);
        var (ids, _) = await PrepareForSignOffAsync(world, 1);

        var draft = await world.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var suggestion = await db.Set<Suggestion>().SingleAsync(s => s.Id == ids[0]);
            var reply = await db.Set<Reply>().SingleAsync(r => r.SuggestionId == ids[0]);
            return await services.GetRequiredService<ReplyLetters>().DraftAsync(db, suggestion, reply, new DateOnly(2026, 4, 1), CancellationToken.None);
        });

        var text = DocxTestFiles.BodyText(draft);
        Assert.Contains("草稿（未签发，不作为正式答复）", text, StringComparison.Ordinal);
        Assert.Contains("（签发后自动编号）", text, StringComparison.Ordinal);
        Assert.Empty(DocxTestFiles.Placeholders(draft));
        Assert.Empty(await DocumentsAsync(world, ids[0]));
    }

    [Fact]
    public async Task TwentyConcurrentSignOffs_OnSqlite_NumberOneToTwentyWithoutGapOrRepeat()
    {
        await using var world = await ScenarioWorld.StartAsync(Settings);
        await AssertConcurrentSignOffsAsync(world);
    }

    [PostgresFact]
    public async Task TwentyConcurrentSignOffs_OnPostgres_NumberOneToTwentyWithoutGapOrRepeat()
    {
        await using var database = await TestPostgres.CreateAsync();
        var settings = Settings;
        settings["Database:Provider"] = "PostgreSQL";
        settings["ConnectionStrings:SupervisionFlow"] = database.ConnectionString;
        await using var world = await ScenarioWorld.StartAsync(settings);
        await AssertConcurrentSignOffsAsync(world);
    }

    private static async Task AssertConcurrentSignOffsAsync(ScenarioWorld world)
    {
        const int count = 20;
        var (ids, tasks) = await PrepareForSignOffAsync(world, count);
        var failures = 0;

        // Each sign-off in its own scope (own DbContext, own connection), all released together.
        using var start = new ManualResetEventSlim();
        var runs = tasks.Select(taskId => Task.Run(async () =>
        {
            start.Wait();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await world.WithScopeAsync(async services =>
                    {
                        await services.GetRequiredService<TaskFormService>().SubmitAsync(taskId, ScenarioWorld.UnitHead("jtj"), ScenarioWorld.Json(new { signedBy = "赵局长" }));
                        return 0;
                    });
                    return;
                }
                catch (Exception e) when (attempt < 10 && e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or Engine.EngineException)
                {
                    // A lost race (busy database, a serialization failure) rolls back whole and is retried as a user would.
                    Interlocked.Increment(ref failures);
                    await Task.Delay(20 * (attempt + 1));
                }
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(runs);

        var letters = new List<ReplyDocument>();
        foreach (var id in ids)
        {
            letters.AddRange(await DocumentsAsync(world, id));
        }
        Assert.Equal(count, letters.Count);
        Assert.Equal(Enumerable.Range(1, count), letters.Select(l => l.Serial!.Value).Order());
        Assert.Equal(count, letters.Select(l => l.DocumentNumber).Distinct().Count());
        Assert.All(letters, l => Assert.Contains(l.DocumentNumber!, DocxTestFiles.BodyText(l.Content), StringComparison.Ordinal));
        var counter = await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<DocumentNumberCounter>().SingleAsync(c => c.UnitId == "jtj"));
        Assert.Equal(count, counter.LastSerial);
    }

    /// <summary>Brings <paramref name="count"/> suggestions of unit jtj to the head's sign-off; returns their ids and the sign-off tasks.</summary>
    public static async Task<(List<int> Ids, List<string> Tasks)> PrepareForSignOffAsync(ScenarioWorld world, int count)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var s = await world.SubmitAsync();
            await world.CompleteAsync(s.Id, "review", ScenarioWorld.Office, new { decision = "accept" });
            ids.Add(s.Id);
        }
        await world.WithScopeAsync(async services =>
        {
            var meetings = services.GetRequiredService<AssignmentMeetingService>();
            var meeting = await meetings.CreateMeetingAsync("第十八届人大五次会议代表建议交办会", new DateOnly(2026, 3, 2), "市人大常委会机关", ScenarioWorld.Office);
            return await meetings.AssignAsync(meeting.Id, [.. ids.Select(id => new AssignmentOrder(id, "jtj", []))], ScenarioWorld.Office);
        });
        var unit = ScenarioWorld.Unit("jtj");
        var group = Actor.UnitGroup("jtj");
        foreach (var id in ids)
        {
            await world.CompleteAsync(id, "acknowledge", unit, new { ackDecision = "accept" }, group);
            await world.CompleteAsync(id, "plan", unit, new { handlerName = "刘经办", handlerPhone = "028-1234567", plan = "调研论证，分步实施。", plannedCompletionOn = "2026-05-20" }, group);
        }
        await world.AdvanceAsync("P3D");
        foreach (var id in ids)
        {
            await world.CompleteAsync(id, "visitBefore", unit, new { contactedOn = world.Today(), method = "上门拜访", summary = "听取代表意见。" }, group);
        }
        await world.AdvanceAsync("P20D");
        var tasks = new List<string>();
        foreach (var id in ids)
        {
            await world.CompleteAsync(id, "visitDuring", unit, new { contactedOn = world.Today(), method = "现场察看", summary = "察看现场。" }, group);
            await world.CompleteAsync(id, "draftReply", unit, new { resultClass = "A", text = "经研究，已新开社区微循环线路3条。" }, group);
            tasks.Add((await world.TaskAsync(id, "signOff")).Id);
        }
        return (ids, tasks);
    }

    public static Task<List<ReplyDocument>> DocumentsAsync(ScenarioWorld world, int suggestionId) =>
        world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ReplyDocument>().AsNoTracking().Where(d => d.SuggestionId == suggestionId).ToListAsync());
}
