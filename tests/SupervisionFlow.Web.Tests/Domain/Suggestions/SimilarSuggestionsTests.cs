using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.Tests.Scenarios;
using Xunit.Abstractions;

namespace SupervisionFlow.Web.Tests.Domain.Suggestions;

/// <summary>相似建议 on a real SQLite file: ranking, the session boundary, freshness, and a 10,000-suggestion session timed.</summary>
public sealed class SimilarSuggestionsTests(ITestOutputHelper output)
{
    private const string BusTitle = "关于优化城区公交线网的建议";
    private const string BusContent = "建议对城区公交线网进行系统优化，增开社区微循环线路，缩短居民到站步行距离，提高公交准点率。";

    internal static Task<int> FileAsync(
        ScenarioWorld w, string title, string content, int session = 5, int lead = 1, DisclosureConsent disclosure = DisclosureConsent.Full) =>
        w.WithScopeAsync(async s => (await s.GetRequiredService<SuggestionIntakeService>().SubmitAsync(new SubmitSuggestion(
            SuggestionKind.Session, 18, session, title, content, "交通邮电", null, lead, [], disclosure, false), ScenarioWorld.Office)).Id);

    private static Task<IReadOnlyList<SimilarMatch>> FindAsync(ScenarioWorld w, string title, string content, int session = 5, int? excludeId = null) =>
        w.WithScopeAsync(s => s.GetRequiredService<SimilarSuggestions>().FindAsync(18, session, title, content, excludeId));

    [Fact]
    public void Dice_IdenticalDisjointAndBoilerplate()
    {
        Assert.Equal(1.0, Bigrams.Dice(Bigrams.Of("公交线网优化"), Bigrams.Of("公交线网优化")));
        Assert.Equal(0.0, Bigrams.Dice(Bigrams.Of("公交线网"), Bigrams.Of("垃圾分类")));
        // Two titles that share only the 关于……的建议 frame are not alike at all.
        Assert.Equal(0.0, Bigrams.Dice(Bigrams.OfTitle("关于公交线网的建议"), Bigrams.OfTitle("关于垃圾分类的建议")));
        Assert.Equal(1.0, Bigrams.Dice(Bigrams.OfTitle("关于公交线网的建议"), Bigrams.OfTitle("公交线网建议")));
        // Punctuation breaks a run: no bigram spans "，".
        Assert.Equal(["交通", "公交"], Bigrams.Of("公交，交通").Select(b => $"{(char)(b >> 16)}{(char)(b & 0xFFFF)}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rank_ThroughInvertedLists_AgreesWithPairwiseDice()
    {
        string[] texts = ["公交线网优化", "城区公交线网", "垃圾分类投放", "公交站台增设", "网优化公交"];
        var items = texts.Select((t, i) => new IndexedSuggestion(i + 1, SuggestionKind.Session, i + 1, t, SuggestionState.InHandling,
            DisclosureConsent.Full, 1, Bigrams.OfTitle(t), Bigrams.Of(t + "，内容" + t))).ToList();
        var (title, content) = (Bigrams.OfTitle("优化城区公交线网"), Bigrams.Of("优化城区公交线网，内容优化城区公交线网"));

        var ranked = SimilarSuggestions.Rank(new SessionSnapshot(items), title, content, null, new SimilarityOptions { Threshold = 0.01, MaxResults = 10 });

        foreach (var match in ranked)
        {
            Assert.Equal(Bigrams.Dice(title, match.Suggestion.TitleBigrams), match.TitleScore, 12);
            Assert.Equal(Bigrams.Dice(content, match.Suggestion.ContentBigrams), match.ContentScore, 12);
        }
        Assert.Equal([2, 1, 5, 4, 3], ranked.Select(m => m.Suggestion.Id));
    }

    [Fact]
    public async Task Find_NearDuplicateFirst_RelatedAfter_UnrelatedAndOtherSessionNotListed()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var unrelated = await FileAsync(w, "关于推进生活垃圾分类的建议", "建议完善小区垃圾分类投放点，加强分类收运体系建设。");
        var related = await FileAsync(w, "关于增开社区公交微循环线路的建议", "老旧小区离公交站远，建议增开社区微循环线路。");
        var duplicate = await FileAsync(w, "关于优化城区公交线网的建议", "建议对城区公交线网进行优化，增开社区微循环线路，缩短步行到站距离。");
        var otherSession = await FileAsync(w, BusTitle, BusContent, session: 6);

        var found = await FindAsync(w, BusTitle, BusContent);

        output.WriteLine(string.Join("\n", found.Select(m => $"{m.Suggestion.Id} {m.Suggestion.Title} {m.Score:F3} (title {m.TitleScore:F3}, content {m.ContentScore:F3})")));
        Assert.Equal(duplicate, found[0].Suggestion.Id);
        Assert.True(found[0].Score > 0.7, $"near-duplicate scored {found[0].Score:F3}");
        Assert.Contains(found, m => m.Suggestion.Id == related);
        Assert.DoesNotContain(found, m => m.Suggestion.Id == unrelated);
        Assert.DoesNotContain(found, m => m.Suggestion.Id == otherSession);
        Assert.DoesNotContain(await FindAsync(w, BusTitle, BusContent, excludeId: duplicate), m => m.Suggestion.Id == duplicate);
    }

    [Fact]
    public async Task Find_NewFilingAfterTheIndexWasBuilt_IsFoundAtOnce_AndThresholdAndMaxResultsAreConfiguration()
    {
        await using var w = await ScenarioWorld.StartAsync(new Dictionary<string, string?>
        {
            ["Suggestions:Similarity:MaxResults"] = "2", ["Suggestions:Similarity:Threshold"] = "0.2",
        });
        Assert.Empty(await FindAsync(w, BusTitle, BusContent));
        var first = await FileAsync(w, BusTitle, BusContent);
        await FileAsync(w, "关于优化城区公交线网的几点建议", BusContent);
        await FileAsync(w, "关于优化公交线网的建议", BusContent);

        var found = await FindAsync(w, BusTitle, BusContent);

        Assert.Equal(2, found.Count);
        Assert.Equal(first, found[0].Suggestion.Id);
    }

    [Fact]
    public async Task Options_ThresholdOutOfRange_HostRefusesToStart()
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var w = await ScenarioWorld.StartAsync(new Dictionary<string, string?> { ["Suggestions:Similarity:Threshold"] = "1.5" });
        });
        Assert.NotNull(error);
        Assert.Contains("Threshold", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_In10000Suggestions_NearDuplicateFirst_TimingPrinted()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var target = await SeedSessionAsync(w, 10_000);

        var cold = Stopwatch.StartNew();
        var found = await FindAsync(w, BusTitle, BusContent);
        cold.Stop();
        // Wall time suffers from whatever else the machine runs; the process's CPU time per query says what the query costs.
        var warm = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        const int runs = 20;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await FindAsync(w, BusTitle, BusContent);
            warm.Add(watch.Elapsed.TotalMilliseconds);
        }
        var cpuPerQuery = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        warm.Sort();
        var snapshot = await w.WithScopeAsync(s => s.GetRequiredService<SimilarityIndex>().GetAsync(s.GetRequiredService<AppDbContext>(), 18, 5, default));
        var (titleBigrams, contentBigrams) = (Bigrams.OfTitle(BusTitle), Bigrams.Of(BusContent));
        var scan = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            SimilarSuggestions.Rank(snapshot, titleBigrams, contentBigrams, null, new SimilarityOptions());
        }
        var scanPerQuery = scan.Elapsed.TotalMilliseconds / runs;
        var filed = await FileAsync(w, "关于优化城区公交线网的几点建议", BusContent);
        var afterFiling = Stopwatch.StartNew();
        var withNew = await FindAsync(w, BusTitle, BusContent);
        afterFiling.Stop();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"10,000 suggestions in one session (load average {LoadAverage()}): first query (reads and indexes the session) "
            + $"{cold.Elapsed.TotalMilliseconds:F0} ms; later queries median {warm[warm.Count / 2]:F1} ms wall, slowest {warm[^1]:F1} ms, "
            + $"{cpuPerQuery:F1} ms CPU each; the scoring scan alone {scanPerQuery:F1} ms; first query after a new filing "
            + $"(indexes only it) {afterFiling.Elapsed.TotalMilliseconds:F1} ms; {found.Count} listed"));
        Assert.Equal(target, found[0].Suggestion.Id);
        Assert.True(found.Count <= 10);
        Assert.Contains(withNew, m => m.Suggestion.Id == filed);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>
    /// Writes <paramref name="count"/> suggestions of session 18-5 straight into the table (filing each through the
    /// engine would take minutes), texts built from a pool of topics so that they overlap as real ones do; returns the
    /// id of the one near-duplicate of the bus suggestion among them.
    /// </summary>
    private static Task<int> SeedSessionAsync(ScenarioWorld w, int count) => w.WithScopeAsync(async s =>
    {
        string[] places = ["城区", "老旧小区", "农村", "学校周边", "工业园区", "新城", "景区", "医院周边", "商圈", "河道沿线"];
        string[] topics = ["停车难问题", "垃圾分类", "养老服务", "学前教育", "污水治理", "背街小巷改造", "夜间照明", "菜市场提升", "充电桩建设", "电梯加装",
            "校车安全", "社区医疗", "公园绿地", "噪声扰民", "防汛排涝", "食品安全", "快递网点", "共享单车", "文化活动室", "消防通道"];
        string[] actions = ["建议加大投入", "建议统筹规划", "建议完善制度", "建议加强监管", "建议引入社会资本", "建议开展专项整治"];
        var random = new Random(20261211);
        var db = s.GetRequiredService<AppDbContext>();
        var now = w.Clock.GetUtcNow().UtcDateTime;
        for (var i = 1; i <= count; i++)
        {
            var place = places[random.Next(places.Length)];
            var topic = topics[random.Next(topics.Length)];
            var other = topics[random.Next(topics.Length)];
            db.Add(new Suggestion
            {
                Term = 18, Session = 5, Kind = SuggestionKind.Session, Number = 1000 + i, Category = "城乡建设与管理",
                Title = $"关于解决{place}{topic}的建议",
                Content = $"{place}{topic}群众反映强烈。{actions[random.Next(actions.Length)]}，同时关注{other}，{actions[random.Next(actions.Length)]}。"
                          + $"具体包括：一是摸清{place}底数；二是明确部门责任；三是建立长效机制，定期评估{topic}整改成效。",
                LeadDeputyId = 1 + (i % 3), State = SuggestionState.InHandling, SubmittedAt = now,
            });
        }
        var target = new Suggestion
        {
            Term = 18, Session = 5, Kind = SuggestionKind.Session, Number = 999, Category = "交通邮电", Title = "关于优化城区公交线网的建议",
            Content = "建议对城区公交线网系统优化，增开社区微循环线路，提高准点率。", LeadDeputyId = 2, State = SuggestionState.InHandling, SubmittedAt = now,
        };
        db.Add(target);
        await db.SaveChangesAsync();
        return target.Id;
    });
}
