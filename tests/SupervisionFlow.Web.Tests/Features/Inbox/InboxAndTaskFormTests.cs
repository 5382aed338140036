using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Inbox;

/// <summary>The inbox and the task form pages, through HTTP as signed-in users of each role.</summary>
public sealed class InboxAndTaskFormTests : IAsyncLifetime
{
    private WebWorld _world = null!;

    public async Task InitializeAsync() => _world = await WebWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task Inbox_UnitHandler_SeesOnlyItsUnitsTasks()
    {
        var ours = await _world.AssignedAsync("jtj", "关于增设公交站台的建议");
        var theirs = await _world.AssignedAsync("gaj", "关于整治交通噪声的建议");
        var ourTask = await _world.TaskAsync(ours, "acknowledge");
        var theirTask = await _world.TaskAsync(theirs, "acknowledge");

        var jtj = await (await _world.ClientAsAsync("jtj.staff")).GetStringAsync("/Inbox");
        var gaj = await (await _world.ClientAsAsync("gaj.staff")).GetStringAsync("/Inbox");
        var deputy = await (await _world.ClientAsAsync("deputy3")).GetStringAsync("/Inbox");

        Assert.Contains($"/Tasks/{ourTask.Id}", jtj);
        Assert.Contains("关于增设公交站台的建议", jtj);
        Assert.Contains("市交通运输局", jtj);
        Assert.DoesNotContain($"/Tasks/{theirTask.Id}", jtj);
        Assert.DoesNotContain("关于整治交通噪声的建议", jtj);
        Assert.Contains($"/Tasks/{theirTask.Id}", gaj);
        Assert.DoesNotContain($"/Tasks/{ourTask.Id}", gaj);
        Assert.DoesNotContain("/Tasks/", deputy);
        Assert.Contains("没有符合条件的待办任务", deputy);
    }

    [Fact]
    public async Task Inbox_NavigationBadge_CountsOpenTasks()
    {
        await _world.SubmitAsync("第一件");
        await _world.SubmitAsync("第二件");

        var html = await (await _world.ClientAsAsync("lgw")).GetStringAsync("/Inbox");

        Assert.Matches("href=\"/Inbox\">待办 <span class=\"badge[^\"]*\" title=\"2 项待办\">2</span>", html);
    }

    [Fact]
    public async Task Inbox_ManyTasks_ShowsFiftyPerPageAndTheLinksKeepTheFilters()
    {
        for (var i = 1; i <= 53; i++)
        {
            await _world.SubmitAsync($"关于第{i}项民生实事的建议");
        }
        var client = await _world.ClientAsAsync("lgw");

        var first = WebUtility.HtmlDecode(await client.GetStringAsync("/Inbox?Filter.Q=民生实事&Filter.Sort=number"));
        var nextLink = Link(first, "next");
        var last = WebUtility.HtmlDecode(await client.GetStringAsync(nextLink));
        var lastByLink = WebUtility.HtmlDecode(await client.GetStringAsync(Link(first, "last")));
        var backToFirst = WebUtility.HtmlDecode(await client.GetStringAsync(Link(last, "prev")));

        Assert.Equal(50, CountRows(first));
        Assert.Equal(3, CountRows(last));
        Assert.Contains("第 1 / 2 页（共 53 条）", first);
        Assert.StartsWith("/Inbox?Filter.Q=%E6%B0%91%E7%94%9F%E5%AE%9E%E4%BA%8B&Filter.Sort=number&after=", nextLink, StringComparison.Ordinal);
        // By number: 1–50 on page 1, 51–53 on page 2.
        Assert.Contains("关于第1项民生实事的建议", first);
        Assert.DoesNotContain("关于第51项民生实事的建议", first);
        Assert.Contains("关于第53项民生实事的建议", last);
        Assert.DoesNotContain("关于第1项民生实事的建议", last);
        Assert.Contains("第 2 / 2 页", last);
        Assert.Equal(3, CountRows(lastByLink));
        Assert.Contains("关于第51项民生实事的建议", lastByLink);
        Assert.Equal(50, CountRows(backToFirst));
        Assert.Contains("第 1 / 2 页", backToFirst);
    }

    private static string Link(string html, string rel) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, $"<a class=\"btn\" href=\"([^\"]+)\" rel=\"{rel}\">").Groups[1].Value);

    private static int CountRows(string html) => System.Text.RegularExpressions.Regex.Matches(html, "btn-primary\" href=\"/Tasks/").Count;

    [Fact]
    public async Task Inbox_Filters_KeywordAndOverdue()
    {
        await _world.SubmitAsync("关于公交的建议");
        await _world.SubmitAsync("关于教育的建议");
        var client = await _world.ClientAsAsync("lgw");

        var keyword = await client.GetStringAsync("/Inbox?Filter.Q=" + Uri.EscapeDataString("教育"));
        var overdue = await client.GetStringAsync("/Inbox?Filter.Due=overdue");

        Assert.Contains("关于教育的建议", keyword);
        Assert.DoesNotContain("关于公交的建议", keyword);
        // Session review tasks carry no due date: none is overdue.
        Assert.DoesNotContain("关于教育的建议", overdue);
    }

    [Fact]
    public async Task Inbox_OverdueTask_RowStandsOut()
    {
        var id = await _world.AssignedAsync("jtj");
        var client = await _world.ClientAsAsync("jtj.staff");
        await _world.Host.CreateApiClient().AdvanceClockAsync("P60D");

        var all = await client.GetStringAsync("/Inbox");
        var overdue = await client.GetStringAsync("/Inbox?Filter.Due=overdue");

        var task = await _world.TaskAsync(id, "acknowledge");
        Assert.Contains($"<tr class=\"overdue\" data-task-id=\"{task.Id}\">", all);
        Assert.Contains("badge badge-overdue", all);
        Assert.Contains($"data-task-id=\"{task.Id}\"", overdue);
    }

    [Fact]
    public async Task TaskForm_SubmittedAfterAnotherOfficeUserFinishedIt_SaysHandledByOthers()
    {
        var id = await _world.SubmitAsync();
        var task = await _world.TaskAsync(id, "review");
        var lgw = await _world.ClientAsAsync("lgw");
        var admin = await _world.ClientAsAsync("sysadmin");
        var adminToken = await admin.TokenAsync($"/Tasks/{task.Id}"); // both have the form open

        var first = await lgw.PostFormAsync($"/Tasks/{task.Id}", Fields(("decision", "accept")));
        var late = await admin.PostAsync($"/Tasks/{task.Id}", new FormUrlEncodedContent(Fields(("decision", "accept"), ("__RequestVerificationToken", adminToken))));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal("/Inbox", late.Headers.Location?.OriginalString);
        Assert.Contains("该任务已被他人处理", await admin.GetStringAsync("/Inbox"));
        Assert.Contains(await _world.OpenTasksAsync(id), t => t.ActivityId == "assign");
    }

    [Fact]
    public async Task Claim_ThenAnotherOfficeUser_CannotCompleteIt()
    {
        var id = await _world.SubmitAsync();
        var task = await _world.TaskAsync(id, "review");
        var lgw = await _world.ClientAsAsync("lgw");

        var claim = await lgw.PostFormAsync("/Inbox?handler=Claim", Fields(("taskId", task.Id)), tokenFrom: "/Inbox");

        Assert.Equal(HttpStatusCode.Redirect, claim.StatusCode);
        Assert.Equal("lgw", (await _world.TaskAsync(id, "review")).Assignee);
        var admin = await _world.ClientAsAsync("sysadmin");
        Assert.Contains("lgw", await admin.GetStringAsync("/Inbox"));
        var post = await admin.PostFormAsync($"/Tasks/{task.Id}", Fields(("decision", "accept")));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("该任务已被他人认领", await post.Content.ReadAsStringAsync());

        var release = await lgw.PostFormAsync("/Inbox?handler=Release", Fields(("taskId", task.Id)), tokenFrom: "/Inbox");
        Assert.Equal(HttpStatusCode.Redirect, release.StatusCode);
        Assert.Null((await _world.TaskAsync(id, "review")).Assignee);
    }

    [Fact]
    public async Task Claim_AnotherUnitsTask_IsForbidden()
    {
        var id = await _world.AssignedAsync("jtj");
        var task = await _world.TaskAsync(id, "acknowledge");
        var gaj = await _world.ClientAsAsync("gaj.staff");

        var claim = await gaj.PostFormAsync("/Inbox?handler=Claim", Fields(("taskId", task.Id)), tokenFrom: "/Inbox");

        Assert.Equal(HttpStatusCode.Forbidden, claim.StatusCode);
        Assert.Null((await _world.TaskAsync(id, "acknowledge")).Assignee);
    }

    [Fact]
    public async Task TaskForm_AnotherUnitsTask_GetAndPostAreForbidden()
    {
        var id = await _world.AssignedAsync("jtj");
        var task = await _world.TaskAsync(id, "acknowledge");
        var gaj = await _world.ClientAsAsync("gaj.staff");

        var get = await gaj.GetAsync($"/Tasks/{task.Id}");
        var post = await gaj.PostFormAsync($"/Tasks/{task.Id}", Fields(("ackDecision", "accept")), tokenFrom: "/Inbox");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Contains("无权访问", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("acknowledge", (await _world.TaskAsync(id, "acknowledge")).ActivityId);
        Assert.Equal(0, await _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Acknowledgement>().CountAsync()));
    }

    [Theory]
    [InlineData("deputy1")]
    [InlineData("cjw.member")]
    [InlineData("zhou")]
    [InlineData("jtj.head")]
    public async Task TaskForm_OfficeTask_OtherRolesAreForbidden(string userName)
    {
        var id = await _world.SubmitAsync();
        var task = await _world.TaskAsync(id, "review");

        var response = await (await _world.ClientAsAsync(userName)).GetAsync($"/Tasks/{task.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task TaskForm_UnknownTask_IsNotFound()
    {
        var response = await (await _world.ClientAsAsync("lgw")).GetAsync("/Tasks/no-such-task");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TaskForm_Anonymous_RedirectsToLogin()
    {
        var id = await _world.SubmitAsync();
        var task = await _world.TaskAsync(id, "review");

        var response = await _world.AnonymousClient().GetAsync($"/Tasks/{task.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task TaskForm_MissingField_ShowsChineseMessageBesideItAndChangesNothing()
    {
        var id = await _world.AssignedAsync("jtj");
        var task = await _world.TaskAsync(id, "acknowledge");
        var client = await _world.ClientAsAsync("jtj.staff");

        var response = await client.PostFormAsync($"/Tasks/{task.Id}", Fields(("reason", "")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"field-error\" id=\"error-ackDecision\">请选择“签收意见”</span>", html);
        Assert.Contains("请更正下列标红的内容后再提交", html);
        Assert.Equal("acknowledge", (await _world.TaskAsync(id, "acknowledge")).ActivityId);
        Assert.Equal(0, await _world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Acknowledgement>().CountAsync()));
    }

    [Fact]
    public async Task TaskForm_ValidPost_CompletesTheTaskAndReturnsToTheInbox()
    {
        var id = await _world.AssignedAsync("jtj");
        var task = await _world.TaskAsync(id, "acknowledge");
        var client = await _world.ClientAsAsync("jtj.staff");
        var form = await client.GetStringAsync($"/Tasks/{task.Id}");
        Assert.Contains("name=\"ackDecision\" value=\"accept\"", form);
        Assert.Contains("关于优化城区公交线网的建议", form);

        var response = await client.PostFormAsync($"/Tasks/{task.Id}", Fields(("ackDecision", "accept")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Inbox", response.Headers.Location!.OriginalString);
        Assert.Contains("已提交“签收”", await client.GetStringAsync("/Inbox"));
        var open = await _world.OpenTasksAsync(id);
        Assert.DoesNotContain(open, t => t.ActivityId == "acknowledge");
        Assert.Contains(open, t => t.ActivityId == "plan");
    }

    [Fact]
    public async Task TaskForm_EveryDefaultFormKey_HasAPartial()
    {
        using var scope = _world.Services.CreateScope();
        var keys = scope.ServiceProvider.GetServices<SupervisionFlow.Web.Domain.Handling.Forms.ITaskForm>().Select(f => f.FormKey).ToList();

        Assert.NotEmpty(keys);
        var steps = scope.ServiceProvider.GetRequiredService<SupervisionFlow.Web.Features.Tasks.Steps.HandlingSteps>();
        Assert.All(keys, key => Assert.True(
            steps.Find(key) is { } step && File.Exists(Path.Combine(RepoPaths.Root, "src", "SupervisionFlow.Web", step.PartialPath.TrimStart('/'))),
            $"no partial for {key}"));
        var workflowKeys = Directory.EnumerateFiles(RepoPaths.Workflows, "*.bpmn")
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "camunda:formKey=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
            .Distinct();
        Assert.All(workflowKeys, key => Assert.Contains(key, keys));
    }

    [Fact]
    public async Task ScriptInTitle_IsShownAsText()
    {
        var id = await _world.SubmitAsync("<script>alert('x')</script>关于夜间施工的建议");
        var task = await _world.TaskAsync(id, "review");
        var client = await _world.ClientAsAsync("lgw");

        var inbox = await client.GetStringAsync("/Inbox");
        var form = await client.GetStringAsync($"/Tasks/{task.Id}");

        Assert.DoesNotContain("<script>alert", inbox);
        Assert.DoesNotContain("<script>alert", form);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;关于夜间施工的建议", inbox);
        Assert.Contains("&lt;script&gt;", form);
    }

    private const string AdHocProcess = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://supervisionflow.test">
          <process id="adHocStep" name="临时步骤" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="check" />
            <userTask id="check" name="材料核对" camunda:candidateGroups="office" camunda:formKey="custom:not-known">
              <extensionElements>
                <camunda:formData>
                  <camunda:formField id="pages" label="材料页数" type="long">
                    <camunda:validation><camunda:constraint name="required" /></camunda:validation>
                  </camunda:formField>
                  <camunda:formField id="complete" label="材料齐全" type="boolean">
                    <camunda:validation><camunda:constraint name="required" /></camunda:validation>
                  </camunda:formField>
                  <camunda:formField id="note" label="备注" type="string" />
                  <camunda:formField id="level" label="等级" type="enum">
                    <camunda:value id="high" name="高" />
                    <camunda:value id="low" name="低" />
                  </camunda:formField>
                </camunda:formData>
              </extensionElements>
            </userTask>
            <sequenceFlow id="f2" sourceRef="check" targetRef="end" />
            <endEvent id="end" />
          </process>
        </definitions>
        """;

    [Fact]
    public async Task GeneratedForm_FormDataFields_ValidatedByTheEngineThenCompleted()
    {
        var api = _world.Host.CreateApiClient();
        await api.DeployXmlAsync(AdHocProcess);
        var instanceId = await api.StartAsync("adHocStep", "adhoc-1");
        var task = (await _world.Engine.FindTasksAsync(new TaskQuery(ProcessInstanceId: instanceId))).Single();
        var lgw = await _world.ClientAsAsync("lgw");

        var form = await lgw.GetStringAsync($"/Tasks/{task.Id}");
        var inbox = await lgw.GetStringAsync("/Inbox");
        var bad = await lgw.PostFormAsync($"/Tasks/{task.Id}", Fields(("pages", "十二"), ("note", "<b>粗</b>")));
        var good = await lgw.PostFormAsync($"/Tasks/{task.Id}", Fields(("pages", "12"), ("complete", "true"), ("level", "high")));

        Assert.Contains("材料页数", form);
        Assert.Contains("name=\"level\" value=\"high\"", form);
        Assert.Contains("/Tasks/" + task.Id, inbox);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-pages\">“材料页数”必须是整数", badHtml);
        Assert.Contains("id=\"error-complete\">“材料齐全”为必填项</span>", badHtml);
        Assert.Contains("&lt;b&gt;粗&lt;/b&gt;", badHtml);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var instance = await api.GetInstanceAsync(instanceId);
        Assert.Equal(12, (int)instance["variables"]!["pages"]!);
        Assert.True((bool)instance["variables"]!["complete"]!);
        Assert.Equal("high", (string)instance["variables"]!["level"]!);
    }

    [Fact]
    public async Task GeneratedForm_UnitUserOfAnotherGroup_IsForbidden()
    {
        var api = _world.Host.CreateApiClient();
        await api.DeployXmlAsync(AdHocProcess);
        var instanceId = await api.StartAsync("adHocStep", "adhoc-2");
        var task = (await _world.Engine.FindTasksAsync(new TaskQuery(ProcessInstanceId: instanceId))).Single();

        var post = await (await _world.ClientAsAsync("jtj.staff")).PostFormAsync($"/Tasks/{task.Id}", Fields(("pages", "1"), ("complete", "true")), tokenFrom: "/Inbox");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Single(await _world.Engine.FindTasksAsync(new TaskQuery(ProcessInstanceId: instanceId)));
    }
}
