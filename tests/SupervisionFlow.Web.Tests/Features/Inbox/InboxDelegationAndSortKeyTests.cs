using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Inbox;

/// <summary>
/// 待办 rows show a pending delegation (委托中 to the owner, 由…委托 to the others), and the inbox's deadline order read
/// from the candidate index follows a moved deadline: the engine copies it onto the candidate rows in the same save.
/// A host of its own: the tests read jtj's first inbox page, which other classes' tasks would crowd.
/// </summary>
public sealed partial class InboxDelegationAndSortKeyTests(WebWorldFixture world) : IClassFixture<WebWorldFixture>
{
    private readonly WebWorld _world = world.Value;

    [Fact]
    public async Task DelegatedTask_InboxRowsShowDelegation_UntilHandedBack()
    {
        var id = await _world.AssignedAsync("jtj", "关于延长地铁末班车的建议");
        var task = await _world.TaskAsync(id, "acknowledge");
        var staff = await _world.ClientAsAsync("jtj.staff");
        var head = await _world.ClientAsAsync("jtj.head");
        Assert.Equal(HttpStatusCode.Redirect,
            (await staff.PostFormAsync($"/Tasks/{task.Id}/HandOver?handler=Delegate", new Dictionary<string, string> { ["toUser"] = "jtj.head" }, $"/Tasks/{task.Id}")).StatusCode);

        var ownerRow = Row(await InboxAsync(staff), task.Id);
        var headInbox = await InboxAsync(head);
        var delegateRow = Row(headInbox, task.Id);

        Assert.Contains("data-delegation=\"pending\">委托中<", ownerRow, StringComparison.Ordinal);
        Assert.Contains("data-delegation=\"delegated\">由jtj.staff委托<", delegateRow, StringComparison.Ordinal);
        // The head reaches it twice (the unit's group and as assignee) and sees it once.
        Assert.Single(Regex.Matches(headInbox, $"data-task-id=\"{task.Id}\""));

        Assert.Equal(HttpStatusCode.Redirect,
            (await head.PostFormAsync($"/Tasks/{task.Id}/HandOver?handler=Resolve", [], $"/Tasks/{task.Id}")).StatusCode);
        Assert.DoesNotContain("data-delegation", Row(await InboxAsync(staff), task.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadlineMoved_CandidateSortKeyFollows_TaskFirstInInbox()
    {
        var first = await _world.AssignedAsync("gaj", "关于规范电动车停放的建议");
        var moved = await _world.AssignedAsync("gaj", "关于增设学校周边护栏的建议");
        var movedTask = await _world.TaskAsync(moved, "acknowledge");
        var staff = await _world.ClientAsAsync("gaj.staff");
        var before = TaskIds(await InboxAsync(staff));
        var api = _world.Host.CreateApiClient();
        var due = new DateTime(2000, 1, 3, 1, 0, 0, DateTimeKind.Utc); // before every other deadline: first, and overdue

        var response = await api.PostAsJsonAsync($"/api/engine/tasks/{movedTask.Id}/due", new { dueAt = due, reason = "提前办结" });
        var after = TaskIds(await InboxAsync(staff));
        var keysAfterMove = await SortKeysAsync(movedTask.Id);
        await api.PostAsJsonAsync($"/api/engine/tasks/{movedTask.Id}/due", new { dueAt = (DateTime?)null, reason = "取消期限" });
        var keysCleared = await SortKeysAsync(movedTask.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((await _world.TaskAsync(first, "acknowledge")).Id, before);
        Assert.Equal(movedTask.Id, after[0]);
        Assert.Equal(before.Count, after.Count);
        Assert.All(keysAfterMove, k => Assert.Equal(due, DateTime.SpecifyKind(k, DateTimeKind.Utc)));
        Assert.NotEmpty(keysAfterMove);
        Assert.All(keysCleared, k => Assert.Equal(TaskCandidateRecord.NoDue, DateTime.SpecifyKind(k, DateTimeKind.Utc)));
        Assert.NotEmpty(keysCleared);
    }

    private async Task<List<DateTime>> SortKeysAsync(string taskId)
    {
        using var scope = _world.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<TaskCandidateRecord>().Where(c => c.TaskId == taskId).Select(c => c.DueOrLast).ToListAsync();
    }

    private static async Task<string> InboxAsync(HttpClient client)
    {
        var response = await client.GetAsync("/Inbox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Row(string html, string taskId)
    {
        var start = html.IndexOf($"data-task-id=\"{taskId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"task {taskId} is not in the inbox");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static List<string> TaskIds(string html) => [.. TaskRow().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-task-id=\"([^\"]+)\"")]
    private static partial Regex TaskRow();
}
