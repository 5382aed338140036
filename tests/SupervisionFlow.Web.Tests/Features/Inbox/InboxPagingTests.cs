using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Behaviors;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Inbox;

/// <summary>
/// More open office tasks than one page (pages of 5, 12 tasks): the inbox and the engine API count, filter and page in
/// the database, on SQLite and on PostgreSQL.
/// </summary>
public sealed partial class InboxPagingTests
{
    private const int Tasks = 12;
    private const string LastTitle = "关于末尾一件的建议";

    [Fact]
    public async Task Inbox_MoreTasksThanAPage_CountsFiltersAndPagesEveryTask_Sqlite()
    {
        await using var world = await StartAsync(null);
        await AssertInboxPagesAsync(world);
    }

    [PostgresFact]
    public async Task Inbox_MoreTasksThanAPage_CountsFiltersAndPagesEveryTask_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await StartAsync(database);
        await AssertInboxPagesAsync(world);
    }

    [Fact]
    public async Task TasksApi_MoreTasksThanAPage_PagesReturnEveryTaskOnceAndCountAgrees_Sqlite()
    {
        await using var world = await StartAsync(null);
        await AssertApiPagesAsync(world);
    }

    [PostgresFact]
    public async Task TasksApi_MoreTasksThanAPage_PagesReturnEveryTaskOnceAndCountAgrees_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await StartAsync(database);
        await AssertApiPagesAsync(world);
    }

    [Fact]
    public async Task Inbox_DueFilters_PageTheirTasksInDeadlineOrder_Sqlite()
    {
        await using var world = await StartAsync(null);
        await AssertDeadlinePagesAsync(world);
    }

    [PostgresFact]
    public async Task Inbox_DueFilters_PageTheirTasksInDeadlineOrder_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await StartAsync(database);
        await AssertDeadlinePagesAsync(world);
    }

    private static async Task<WebWorld> StartAsync(TestPostgres? database)
    {
        var settings = new Dictionary<string, string?> { ["Lists:InboxPageSize"] = "5", ["Engine:MaxTaskPageSize"] = "5" };
        if (database is not null)
        {
            settings["Database:Provider"] = "PostgreSQL";
            settings["ConnectionStrings:SupervisionFlow"] = database.ConnectionString;
        }
        var world = await WebWorld.StartAsync(settings);
        for (var i = 1; i < Tasks; i++)
        {
            await world.SubmitAsync($"关于第{i}件民生实事的建议");
        }
        await world.SubmitAsync(LastTitle); // the highest number: last when sorted by number
        return world;
    }

    private static async Task AssertInboxPagesAsync(WebWorld world)
    {
        var officeTasks = await OfficeTaskIdsAsync(world);
        var client = await world.ClientAsAsync("lgw");

        var first = await GetAsync(client, "/Inbox");
        var seen = new List<string>(TaskIds(first));
        var page = first;
        while (Link(page, "next") is { } next)
        {
            page = await GetAsync(client, next);
            seen.AddRange(TaskIds(page));
        }
        var byNumber = await GetAsync(client, "/Inbox?Filter.Sort=number");
        var lastByNumber = await GetAsync(client, Link(byNumber, "last")!);
        var filtered = await GetAsync(client, "/Inbox?Filter.Q=末尾");

        Assert.Equal(Tasks, officeTasks.Count);
        Assert.Contains($"共 {officeTasks.Count} 项", first);
        Assert.Contains($"第 1 / 3 页（共 {officeTasks.Count} 条）", first);
        Assert.Equal(5, TaskIds(first).Count);
        Assert.Equal(officeTasks.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal)); // each once
        Assert.Contains("第 3 / 3 页", page);
        Assert.Equal(2, TaskIds(lastByNumber).Count);
        Assert.Contains(LastTitle, lastByNumber);
        Assert.DoesNotContain(LastTitle, byNumber);
        Assert.Single(TaskIds(filtered));
        Assert.Contains(LastTitle, filtered);
        var back = await GetAsync(client, Link(lastByNumber, "prev")!);
        Assert.Equal(5, TaskIds(back).Count);
        Assert.Contains("第 2 / 3 页", back);
    }

    /// <summary>
    /// 逾期 and 即将到期 are ranges of the candidate index (read like the unfiltered list): 7 overdue tasks page as 5 + 2
    /// in deadline order, each once, forwards, backwards and to the last page; the 2 due soon and none of the 3
    /// without a deadline show under 即将到期.
    /// </summary>
    private static async Task AssertDeadlinePagesAsync(WebWorld world)
    {
        var officeTasks = await OfficeTaskIdsAsync(world);
        var now = world.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var api = world.Host.CreateApiClient();
        // Deadlines set out of the tasks' order, so deadline order is not creation order.
        var overdue = officeTasks.Take(7).Select((id, i) => (Id: id, Due: now.AddDays(-1 - ((i * 3) % 7)))).ToList();
        var soon = officeTasks.Skip(7).Take(2).ToList();
        foreach (var (id, due) in overdue.Concat(soon.Select(id => (Id: id, Due: now.AddDays(2)))))
        {
            var moved = await api.PostAsJsonAsync($"/api/engine/tasks/{id}/due", new { dueAt = due, reason = "测试期限" });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        var client = await world.ClientAsAsync("lgw");

        var first = await GetAsync(client, "/Inbox?Filter.Due=overdue");
        var second = await GetAsync(client, Link(first, "next")!);
        var back = await GetAsync(client, Link(second, "prev")!);
        var last = await GetAsync(client, Link(first, "last")!);
        var dueSoon = await GetAsync(client, "/Inbox?Filter.Due=soon");

        Assert.Contains("第 1 / 2 页（共 7 条）", first);
        Assert.Equal(overdue.OrderBy(t => t.Due).Select(t => t.Id), TaskIds(first).Concat(TaskIds(second)));
        Assert.Contains("第 2 / 2 页", second);
        Assert.Null(Link(second, "next"));
        Assert.Equal(TaskIds(first), TaskIds(back));
        Assert.Equal(TaskIds(second), TaskIds(last));
        Assert.Equal(soon.Order(StringComparer.Ordinal), TaskIds(dueSoon).Order(StringComparer.Ordinal));
    }

    private static async Task AssertApiPagesAsync(WebWorld world)
    {
        var officeTasks = await OfficeTaskIdsAsync(world);
        var api = world.Host.CreateApiClient();

        var seen = new List<string>();
        var headers = new List<string>();
        string? url = "/api/engine/tasks?candidateGroup=office&maxResults=100"; // capped at Engine:MaxTaskPageSize
        var pages = 0;
        while (url is not null)
        {
            var response = await api.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            Assert.InRange(items.Count, 1, 5);
            seen.AddRange(items.Select(t => (string)t!["id"]!));
            headers.Add(response.Headers.GetValues("X-Total-Count").Single());
            url = response.Headers.TryGetValues("Link", out var link) ? NextLink().Match(link.Single()).Groups[1].Value : null;
            pages++;
        }
        var count = JsonNode.Parse(await api.GetStringAsync("/api/engine/tasks/count?candidateGroup=office"))!;
        var offset = JsonNode.Parse(await api.GetStringAsync("/api/engine/tasks?candidateGroup=office&firstResult=10&maxResults=5"))!.AsArray();
        var badCursor = await api.GetAsync("/api/engine/tasks?after=not-a-cursor");

        Assert.Equal(3, pages);
        Assert.Equal(officeTasks.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(headers, h => Assert.Equal(Tasks.ToString(CultureInfo.InvariantCulture), h));
        Assert.Equal(Tasks, (int)count["count"]!);
        Assert.Equal(seen.Skip(10), offset.Select(t => (string)t!["id"]!));
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    private static async Task<List<string>> OfficeTaskIdsAsync(WebWorld world)
    {
        using var scope = world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<UserTaskRecord>()
            .Where(t => t.Candidates.Any(c => c.Kind == CandidateKinds.Group && c.Value == "office"))
            .Select(t => t.Id).ToListAsync();
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static List<string> TaskIds(string html) => [.. TaskRow().Matches(html).Select(m => m.Groups[1].Value)];

    private static string? Link(string html, string rel)
    {
        var match = Regex.Match(html, $"<a class=\"btn\" href=\"([^\"]+)\" rel=\"{rel}\">");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("data-task-id=\"([^\"]+)\"")]
    private static partial Regex TaskRow();

    [GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    private static partial Regex NextLink();
}
