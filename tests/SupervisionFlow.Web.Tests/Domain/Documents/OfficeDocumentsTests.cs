using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Scenarios;

namespace SupervisionFlow.Web.Tests.Domain.Documents;

/// <summary>The office's documents: 交办函 per unit and meeting, 一人一函 per deputy, and the annual report with Chengdu's figures.</summary>
public sealed class OfficeDocumentsTests
{
    [Fact]
    public async Task AssignmentAndDeputyLetters_ListTheirSuggestionsInATable()
    {
        await using var world = await ScenarioWorld.StartAsync(ReplyLetterTests.Settings);
        var first = await world.SubmitAsync();
        var second = await world.SubmitAsync();
        foreach (var s in new[] { first, second })
        {
            await world.CompleteAsync(s.Id, "review", ScenarioWorld.Office, new { decision = "accept" });
        }
        var meetingId = await world.WithScopeAsync(async services =>
        {
            var meetings = services.GetRequiredService<AssignmentMeetingService>();
            var meeting = await meetings.CreateMeetingAsync("第十八届人大五次会议代表建议交办会", new DateOnly(2026, 3, 2), "市人大常委会机关", ScenarioWorld.Office);
            await meetings.AssignAsync(meeting.Id, [new AssignmentOrder(first.Id, "jtj", ["gaj"]), new AssignmentOrder(second.Id, "zjj", [])], ScenarioWorld.Office);
            return meeting.Id;
        });

        var (jtj, gaj, zjjForJtjMeeting, deputy) = await world.WithScopeAsync(async services =>
        {
            var letters = services.GetRequiredService<OfficeLetters>();
            return (await letters.AssignmentLetterAsync(meetingId, "jtj", default), await letters.AssignmentLetterAsync(meetingId, "gaj", default),
                await letters.AssignmentLetterAsync(meetingId, "nobody", default), await letters.DeputyLetterAsync(1, default));
        });

        Assert.Null(zjjForJtjMeeting);
        var jtjText = DocxTestFiles.BodyText(jtj!);
        Assert.Empty(DocxTestFiles.Placeholders(jtj!));
        Assert.Contains("市交通运输局：", jtjText, StringComparison.Ordinal);
        Assert.Contains("以下1件代表建议", jtjText, StringComparison.Ordinal);
        var table = Assert.Single(DocxTestFiles.Tables(jtj!));
        Assert.Equal(["序号|编号|建议标题|领衔代表|办理方式|答复期限", $"1|第{first.Number}号|关于优化城区公交线网的建议|王建国|主办|2026年6月2日"], table);
        Assert.Contains("|会办|", Assert.Single(DocxTestFiles.Tables(gaj!))[1], StringComparison.Ordinal);

        Assert.Empty(DocxTestFiles.Placeholders(deputy!));
        Assert.Contains("王建国代表（锦江区代表团）", DocxTestFiles.BodyText(deputy!), StringComparison.Ordinal);
        var rows = Assert.Single(DocxTestFiles.Tables(deputy!));
        Assert.Equal(3, rows.Count);
        Assert.Contains("|市交通运输局|市公安局|", rows[1], StringComparison.Ordinal);
        Assert.Contains("|市住房和城乡建设局||", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnnualReport_WithChengdusRecords_PrintsChengdusFiguresAndTables()
    {
        await using var world = await ScenarioWorld.StartAsync(ReplyLetterTests.Settings);
        await world.WithScopeAsync(async services =>
        {
            await SeedChengduAsync(services.GetRequiredService<AppDbContext>());
            return 0;
        });

        var report = await world.WithScopeAsync(s => s.GetRequiredService<AnnualReports>().BuildAsync(18, 1, default));

        var text = DocxTestFiles.BodyText(report);
        Assert.Empty(DocxTestFiles.Placeholders(report));
        foreach (var figure in new[]
                 {
                     "第十八届人大第一次会议以来，代表共提出建议670件（其中大会建议637件，闭会建议33件），分别交由101家单位研究办理，已办结667件",
                     "专题调研、集中视察、代表小组活动以及座谈走访等基础上形成的建议有580件，占建议总数的86.57%",
                     "已经解决或基本解决的609件，占91.3%；已列入计划逐步解决的49件，占7.35%；受客观条件限制暂时难以解决的9件，占1.35%",
                     "代表对办理结果满意646件，占96.85%；基本满意21件，占3.15%；不满意0件",
                 })
        {
            Assert.Contains(figure, text, StringComparison.Ordinal);
        }
        var tables = DocxTestFiles.Tables(report);
        Assert.Equal(4, tables.Count);
        Assert.Equal(["类别|件数|占比", "教科文卫体|121|18.06%", "交通邮电|80|11.94%", "农林水利|79|11.79%", "工业经济|69|10.3%", "城乡建设与管理|62|9.25%"], tables[0].Take(6));
        Assert.Equal(102, tables[3].Count); // header + 101 units
    }

    /// <summary>
    /// Chengdu's 2023 figures (seed 002): 670 suggestions (637 session, 33 between sessions) to 101 units; 667 closed,
    /// 3 still in handling; A 609, B 49, C 9; 满意 646, 基本满意 21; 580 formed from research; top categories 121/80/79/69/62.
    /// </summary>
    private static async Task SeedChengduAsync(AppDbContext db)
    {
        var units = Enumerable.Range(1, 101).Select(i => new HandlingUnit { Id = $"cd{i:000}", Name = $"成都市承办单位{i:000}", Kind = "政府部门" }).ToList();
        db.AddRange(units);
        var categories = new[] { ("教科文卫体", 121), ("交通邮电", 80), ("农林水利", 79), ("工业经济", 69), ("城乡建设与管理", 62), ("财政经济", 60), ("政法", 55), ("社会建设", 50), ("民族宗教", 48), ("其他", 46) }
            .SelectMany(c => Enumerable.Repeat(c.Item1, c.Item2)).ToList();
        var assigned = new DateTime(2026, 2, 24, 2, 0, 0, DateTimeKind.Utc);
        var suggestions = new List<Suggestion>();
        for (var i = 0; i < 670; i++)
        {
            var session = i < 637;
            var closed = i < 667;
            suggestions.Add(new Suggestion
            {
                Term = 18, Session = 1, Number = session ? i + 1 : i - 636, Kind = session ? SuggestionKind.Session : SuggestionKind.BetweenSession,
                Title = $"建议{i + 1}", Content = "内容", Category = categories[i], FormedBy = i < 580 ? new[] { "专题调研", "集中视察", "代表小组活动", "座谈走访" }[i % 4] : "其他",
                LeadDeputyId = 1, State = closed ? SuggestionState.Closed : SuggestionState.InHandling, SubmittedAt = assigned, AssignedAt = assigned,
                ReplyDueOn = new DateOnly(2026, 5, 24), FirstRepliedAt = closed ? assigned.AddDays(60) : null,
                ResultClass = !closed ? null : i < 609 ? "A" : i < 658 ? "B" : "C",
                Units = [new SuggestionUnit { UnitId = units[i % 101].Id, Role = UnitRole.Lead, AcknowledgedAt = assigned.AddDays(1) }],
            });
        }
        db.AddRange(suggestions);
        await db.SaveChangesAsync();
        foreach (var (s, i) in suggestions.Select((s, i) => (s, i)).Where(x => x.i < 667))
        {
            var rating = i < 646 ? Satisfaction.Satisfied : Satisfaction.BasicallySatisfied;
            db.Add(new Evaluation { SuggestionId = s.Id, DeputyId = 1, Round = 1, Attitude = rating, Result = rating, RecordedBy = "deputy1", RecordedAt = assigned.AddDays(70) });
        }
        await db.SaveChangesAsync();
    }
}
