using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Archive;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Archive;

/// <summary>
/// History archiving on a SQLite file and on PostgreSQL: three suggestions walked through the real workflow, then
/// moved to terms 16 (one closed, one still open) and 17 (closed) with term 18 current and one term retained. Only
/// the closed one of term 16 is archived; its pages and the engine API show what they showed before.
/// </summary>
public sealed partial class HistoryArchiverTests
{
    private sealed record Suggestions(int Old, int Retained, int Open);

    [Fact]
    public async Task Run_ClosedSuggestionOfOldTerm_MovesItsHistoryAndPagesShowTheSame_Sqlite() => await ArchivesAsync(null);

    [PostgresFact]
    public async Task Run_ClosedSuggestionOfOldTerm_MovesItsHistoryAndPagesShowTheSame_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await ArchivesAsync(database);
    }

    [Fact]
    public async Task Run_DeleteTransactionFails_KeepsEveryHotRowThenNextRunArchives_Sqlite() => await FailedSaveAsync(null);

    [PostgresFact]
    public async Task Run_DeleteTransactionFails_KeepsEveryHotRowThenNextRunArchives_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await FailedSaveAsync(database);
    }

    [Fact]
    public async Task RunEndpoint_ArchivingNotConfigured_RefusesAndRemovesNothing()
    {
        await using var host = new EngineApiHost();
        var response = await host.CreateApiClient().PostAsync("/api/engine/archive/run", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("History:Archive:Enabled", await response.Content.ReadAsStringAsync());
    }

    private static async Task ArchivesAsync(TestPostgres? database)
    {
        var folder = NewFolder();
        await using var world = await StartAsync(database, folder, null);
        var ids = await WalkAsync(world);
        var office = await world.ClientAsAsync("lgw");
        var api = world.Host.CreateApiClient();
        var oldInstances = await InstanceIdsAsync(world, ids.Old);
        var timelineBefore = await TimelineAsync(office, ids.Old);
        var diagramBefore = await DiagramAsync(office, ids.Old);
        var historyBefore = await ApiHistoriesAsync(api, oldInstances);
        var rowsBefore = await HotRowsAsync(world, ids);
        Assert.True(rowsBefore[ids.Old] is ( > 0, > 0), $"the closed suggestion has history: {rowsBefore[ids.Old]}");
        Assert.DoesNotContain("已归档", timelineBefore);

        var run = await (await api.PostAsync("/api/engine/archive/run", null)).ReadJsonAsync<JsonObject>(expectSuccess: true);

        Assert.Equal("Done", (string?)run["state"]);
        Assert.Equal(1, (int)run["suggestions"]!);
        Assert.Equal(17, (int)run["beforeTerm"]!);
        Assert.Equal(rowsBefore[ids.Old].Activities, (int)run["activityRows"]!);
        var rowsAfter = await HotRowsAsync(world, ids);
        Assert.Equal((0, 0), rowsAfter[ids.Old]);
        Assert.Equal(rowsBefore[ids.Retained], rowsAfter[ids.Retained]);
        Assert.Equal(rowsBefore[ids.Open], rowsAfter[ids.Open]);

        var index = await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ArchivedSuggestion>().AsNoTracking().SingleAsync());
        Assert.Equal(ids.Old, index.SuggestionId);
        var file = Assert.Single(Directory.GetFiles(folder, "*.jsonl.gz"));
        Assert.Equal(index.FileName, Path.GetFileName(file));
        // The whole file is a gzip stream of JSON lines: one line, this suggestion, with every activity row.
        var lines = await GunzipLinesAsync(file);
        var line = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal(ids.Old, (int)line["suggestionId"]!);
        Assert.Equal(rowsBefore[ids.Old].Activities, line["instances"]!.AsArray().Sum(i => i!["activities"]!.AsArray().Count));
        Assert.Equal(rowsBefore[ids.Old].Variables, line["instances"]!.AsArray().Sum(i => i!["variables"]!.AsArray().Count));

        var page = WebUtility.HtmlDecode(await office.GetStringAsync($"/Suggestions/{ids.Old}"));
        Assert.Contains("已归档", page);
        Assert.Equal(timelineBefore, Timeline(page));
        Assert.Equal(diagramBefore, await DiagramAsync(office, ids.Old));
        Assert.Equal(historyBefore, await ApiHistoriesAsync(api, oldInstances));
        Assert.DoesNotContain("已归档", WebUtility.HtmlDecode(await office.GetStringAsync($"/Suggestions/{ids.Retained}")));

        // Idempotent: nothing left to archive, no new file, nothing else touched.
        var again = await (await api.PostAsync("/api/engine/archive/run", null)).ReadJsonAsync<JsonObject>(expectSuccess: true);
        Assert.Equal(0, (int)again["suggestions"]!);
        Assert.Single(Directory.GetFiles(folder, "*.jsonl.gz"));
        Assert.Equal(rowsAfter, await HotRowsAsync(world, ids));
        Assert.Equal(timelineBefore, await TimelineAsync(office, ids.Old));

        var admin = WebUtility.HtmlDecode(await (await world.ClientAsAsync("sysadmin")).GetStringAsync("/Admin/Jobs"));
        Assert.Contains("已归档建议 1 件", admin);
        // The nightly run is a Hangfire recurring job, listed with the others.
        Assert.Contains(HistoryArchiveJob.RecurringJobId, admin);
        Assert.Equal(2, AdminRunRows().Matches(admin).Count);
    }

    private static async Task FailedSaveAsync(TestPostgres? database)
    {
        var folder = NewFolder();
        var faults = new FailingSaveInterceptor();
        await using var world = await StartAsync(database, folder, faults);
        var ids = await WalkAsync(world);
        var before = await DatabaseSnapshot.TakeAsync(world.Services);

        faults.FailNextSave();
        var failed = await RunAsync(world);

        Assert.Equal(1, faults.Failures);
        Assert.Equal(HistoryArchiveRun.Failed, failed.State);
        Assert.Contains("Simulated failure", failed.Error, StringComparison.Ordinal);
        var after = await DatabaseSnapshot.TakeAsync(world.Services);
        // Only the run's own record is new: the deletes of the history rows rolled back with the failed save.
        Assert.Single(after.Tables["history_archive_runs"]);
        after.Tables.Remove("history_archive_runs");
        before.Tables.Remove("history_archive_runs");
        after.AssertSameAs(before);
        // The file was written (and synced) before the delete: it is an orphan no index row names, never read.
        Assert.Single(Directory.GetFiles(folder, "*.jsonl.gz"));

        var retry = await RunAsync(world);
        Assert.Equal(HistoryArchiveRun.Done, retry.State);
        Assert.Equal(1, retry.Suggestions);
        Assert.Equal((0, 0), (await HotRowsAsync(world, ids))[ids.Old]);
        var index = await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ArchivedSuggestion>().AsNoTracking().SingleAsync());
        Assert.Equal(2, Directory.GetFiles(folder, "*.jsonl.gz").Length);
        var archived = await world.WithScopeAsync(s => s.GetRequiredService<ArchivedHistoryReader>().ReadAsync(ids.Old, CancellationToken.None));
        Assert.Equal(index.ActivityRows, archived!.Instances.Sum(i => i.Activities.Count));
        Assert.True(index.ActivityRows > 0);
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests", $"archive-{Guid.NewGuid():N}");

    private static Task<WebWorld> StartAsync(TestPostgres? database, string folder, FailingSaveInterceptor? faults)
    {
        var settings = new Dictionary<string, string?>
        {
            ["History:Archive:Enabled"] = "true",
            ["History:Archive:RetainTerms"] = "1",
            ["History:Archive:Folder"] = folder,
            ["Suggestions:CurrentTerm"] = "18",
            // Background writers off: the failed-save test compares every table before and after.
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Notifications:Reminders:Enabled"] = "false",
        };
        if (database is not null)
        {
            settings["Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:SupervisionFlow"] = database.ConnectionString;
        }
        return WebWorld.StartAsync(settings, faults is null ? null : services =>
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(faults)));
    }

    /// <summary>Two suggestions handled to 办结 and one left at 交办, then placed in terms 16, 17 and 16.</summary>
    private static async Task<Suggestions> WalkAsync(WebWorld world)
    {
        var old = await world.AssignedAsync("jtj", "关于优化城区公交线网的建议");
        await world.HandleAsync(old, "jtj");
        await world.EvaluateAsync(old, "Satisfied");
        var retained = await world.AssignedAsync("jtj", "关于加强校园周边交通秩序管理的建议");
        await world.HandleAsync(retained, "jtj");
        await world.EvaluateAsync(retained, "Satisfied");
        var open = await world.AssignedAsync("jtj", "关于增设老旧小区充电设施的建议");
        await world.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            Assert.Equal(SuggestionState.Closed, (await db.Set<Suggestion>().SingleAsync(s => s.Id == old)).State);
            await db.Set<Suggestion>().Where(s => s.Id == old || s.Id == open).ExecuteUpdateAsync(u => u.SetProperty(s => s.Term, 16));
            return await db.Set<Suggestion>().Where(s => s.Id == retained).ExecuteUpdateAsync(u => u.SetProperty(s => s.Term, 17));
        });
        return new Suggestions(old, retained, open);
    }

    private static Task<HistoryArchiveRun> RunAsync(WebWorld world) =>
        world.WithScopeAsync(s => s.GetRequiredService<HistoryArchiver>().RunAsync("api", CancellationToken.None));

    private static Task<List<string>> InstanceIdsAsync(WebWorld world, int suggestionId) =>
        world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<ProcessInstanceRecord>()
            .Where(i => i.BusinessKey == suggestionId.ToString(CultureInfo.InvariantCulture)).OrderBy(i => i.StartedAt).Select(i => i.Id).ToListAsync());

    /// <summary>Per suggestion: its instances' rows in the hot history tables.</summary>
    private static async Task<Dictionary<int, (int Activities, int Variables)>> HotRowsAsync(WebWorld world, Suggestions ids)
    {
        var result = new Dictionary<int, (int, int)>();
        foreach (var id in new[] { ids.Old, ids.Retained, ids.Open })
        {
            var instances = await InstanceIdsAsync(world, id);
            result[id] = await world.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                return (await db.Set<HistoryActivityRecord>().CountAsync(h => instances.Contains(h.ProcessInstanceId)),
                    await db.Set<HistoryVariableRecord>().CountAsync(h => instances.Contains(h.ProcessInstanceId)));
            });
        }
        return result;
    }

    private static async Task<string> TimelineAsync(HttpClient client, int id) =>
        Timeline(WebUtility.HtmlDecode(await client.GetStringAsync($"/Suggestions/{id}")));

    private static string Timeline(string page)
    {
        var match = TimelinePattern().Match(page);
        Assert.True(match.Success, "no timeline on the page");
        Assert.Contains("<li", match.Value, StringComparison.Ordinal);
        return match.Value;
    }

    /// <summary>The diagram data without the archived flag: titles, states, completed and active activities.</summary>
    private static async Task<string> DiagramAsync(HttpClient client, int id)
    {
        var data = await (await client.GetAsync($"/Suggestions/{id}?handler=Diagram")).ReadJsonAsync<JsonObject>(expectSuccess: true);
        var diagrams = data["diagrams"]!.AsArray();
        Assert.NotEmpty(diagrams);
        Assert.Contains(diagrams, d => d!["completed"]!.AsArray().Count > 3);
        foreach (var diagram in diagrams)
        {
            diagram!.AsObject().Remove("archived");
            diagram.AsObject().Remove("xml");
        }
        return data.ToJsonString();
    }

    private static async Task<List<string>> ApiHistoriesAsync(HttpClient api, List<string> instances)
    {
        var result = new List<string>();
        foreach (var instance in instances)
        {
            var history = await (await api.GetAsync($"/api/engine/process-instances/{instance}/history")).ReadJsonAsync<JsonArray>(expectSuccess: true);
            Assert.NotEmpty(history);
            result.Add(history.ToJsonString());
        }
        return result;
    }

    private static async Task<List<string>> GunzipLinesAsync(string file)
    {
        await using var input = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    [GeneratedRegex("<ol class=\"timeline\"[\\s\\S]*?</ol>")]
    private static partial Regex TimelinePattern();

    [GeneratedRegex("data-archive-run=")]
    private static partial Regex AdminRunRows();
}
