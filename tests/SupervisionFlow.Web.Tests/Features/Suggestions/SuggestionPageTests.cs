using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Suggestions;

/// <summary>
/// The suggestion list and page through the real host and workflows: who may open which suggestion, what each sees of
/// the ratings (背靠背), escaping. Suggestion <see cref="ThreeSuggestions.Transit"/> (deputy 1, co-signed by deputy 2) is handled by
/// jtj and rated by both deputies (co-signers evaluate in this world); <see cref="ThreeSuggestions.School"/> (deputy 3) is a key
/// suggestion at gaj supervised by committee cjw.
/// </summary>
public sealed partial class SuggestionPageTests(SeededWorld<SuggestionPageTests.ThreeSuggestions> world) : IClassFixture<SeededWorld<SuggestionPageTests.ThreeSuggestions>>
{
    private const string Complaint = "线路调整后换乘仍不方便";

    private readonly ThreeSuggestions _fixture = world.Scenario;
    private readonly WebWorld _world = world.Value;

    public sealed class ThreeSuggestions : WebScenario
    {
        private WebWorld _world = null!;

        public int Transit { get; private set; }

        public int School { get; private set; }

        public int Unassigned { get; private set; }

        public override IDictionary<string, string?>? Settings { get; } = new Dictionary<string, string?> { ["Handling:EvaluateByCoSigners"] = "true" };

        public override async Task SeedAsync(WebWorld world)
        {
            _world = world;
            Transit = await _world.AssignedAsync("jtj", "关于优化城区公交线网的建议");
            School = await _world.SubmitAsync("<script>alert('xss')</script>关于加强校园周边交通秩序管理的建议", leadDeputy: 3);
            await _world.CompleteAsync(School, "review", Office, new JsonObject { ["decision"] = "accept" });
            await _world.CompleteAsync(School, "assign", Office, new JsonObject
            {
                ["leadUnitId"] = "gaj", ["isKey"] = true, ["keyLeaderId"] = "zhou", ["keyCommitteeId"] = "cjw",
            });
            Unassigned = await _world.SubmitAsync("关于完善社区养老服务的建议", leadDeputy: 3);
            // The co-signer of Transit signs in too.
            using var scope = _world.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var coSigner = new AppUser { UserName = "deputy2", DisplayName = "deputy2（测试）", DeputyId = 2 };
            Assert.True((await users.CreateAsync(coSigner, WebWorld.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(coSigner, Roles.Deputy)).Succeeded);
        }

        /// <summary>签收 to 办后回访 by jtj: the deputies then have their evaluation tasks.</summary>
        public async Task HandleTransitAsync()
        {
            var unit = new Actor("jtj.staff", "经办人", new HashSet<string> { Actor.UnitGroup("jtj") });
            var head = new Actor("jtj.head", "负责人", new HashSet<string> { Actor.UnitHeadGroup("jtj"), Actor.UnitGroup("jtj") });
            await _world.CompleteAsync(Transit, "acknowledge", unit, Json(new { ackDecision = "accept" }));
            await _world.CompleteAsync(Transit, "plan", unit, Json(new { handlerName = "刘经办", plan = "调研论证，分步实施。", plannedCompletionOn = "2026-05-20" }));
            await AdvanceAsync(TimeSpan.FromDays(3));
            await _world.CompleteAsync(Transit, "visitBefore", unit, Json(new { contactedOn = Today(), method = "上门拜访", summary = "听取代表意见。" }));
            await AdvanceAsync(TimeSpan.FromDays(20));
            await _world.CompleteAsync(Transit, "visitDuring", unit, Json(new { contactedOn = Today(), method = "电话", summary = "通报进展。" }));
            await _world.CompleteAsync(Transit, "draftReply", unit, Json(new { resultClass = "A", text = "经研究，已新开社区微循环线路3条。" }));
            await _world.CompleteAsync(Transit, "signOff", head, Json(new { signedBy = "赵局长" }));
            await _world.CompleteAsync(Transit, "visitAfter", unit, Json(new { contactedOn = Today(), method = "电话", summary = "回访代表。", deputyView = "基本满意" }));
        }

        /// <summary>The evaluation task is multi-instance, one per evaluator: complete the one offered to this deputy.</summary>
        public async Task EvaluateAsync(int deputy, string result, string? comment = null)
        {
            var task = Assert.Single(await _world.Engine.FindTasksAsync(new Engine.Queries.TaskQuery(
                BusinessKey: Transit.ToString(System.Globalization.CultureInfo.InvariantCulture), ActivityId: "evaluate", CandidateGroup: Actor.DeputyGroup(deputy))));
            using var scope = _world.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<Web.Domain.Handling.Forms.TaskFormService>().SubmitAsync(
                task.Id, new Actor($"deputy{deputy}", "代表", new HashSet<string> { Actor.DeputyGroup(deputy) }), Json(new { attitude = "Satisfied", result, comment }));
        }

        private async Task AdvanceAsync(TimeSpan by)
        {
            ((ManualClock)_world.Services.GetRequiredService<TimeProvider>()).Advance(by);
            await _world.Engine.FireDueJobsAsync();
        }

        private string Today() => ChinaTime.Today(_world.Services.GetRequiredService<TimeProvider>()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        private static Actor Office { get; } = new("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });

        private static JsonObject Json(object values) => JsonSerializer.SerializeToNode(values)!.AsObject();
    }

    [Theory]
    [InlineData("sysadmin", true)]
    [InlineData("lgw", true)]
    [InlineData("zhou", true)]
    [InlineData("jtj.staff", true)]
    [InlineData("jtj.head", true)]
    [InlineData("deputy1", true)]
    [InlineData("gaj.staff", false)]
    [InlineData("deputy3", false)]
    [InlineData("cjw.member", false)]
    public async Task Details_TransitSuggestion_OnlyWhoseSuggestionItIs(string userName, bool allowed)
    {
        var client = await _world.ClientAsAsync(userName);

        var page = await client.GetAsync($"/Suggestions/{_fixture.Transit}");
        var diagram = await client.GetAsync($"/Suggestions/{_fixture.Transit}?handler=Diagram");

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("关于优化城区公交线网的建议", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, diagram.StatusCode);
        }
        else
        {
            foreach (var response in new[] { page, diagram })
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("gaj.staff", true)]
    [InlineData("cjw.member", true)]
    [InlineData("deputy3", true)]
    [InlineData("deputy1", false)]
    [InlineData("jtj.staff", false)]
    public async Task Details_KeySuggestion_UnitCommitteeAndLeadDeputy(string userName, bool allowed)
    {
        var client = await _world.ClientAsAsync(userName);

        var response = await client.GetAsync($"/Suggestions/{_fixture.School}");

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Details_UnassignedSuggestion_NoUnitSeesItYet()
    {
        var unit = await _world.ClientAsAsync("gaj.staff");
        var deputy = await _world.ClientAsAsync("deputy3");

        Assert.Equal(HttpStatusCode.Redirect, (await unit.GetAsync($"/Suggestions/{_fixture.Unassigned}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await deputy.GetAsync($"/Suggestions/{_fixture.Unassigned}")).StatusCode);
    }

    [Fact]
    public async Task Details_UnknownId_NotFound()
    {
        var client = await _world.ClientAsAsync("lgw");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Suggestions/999999")).StatusCode);
    }

    [Fact]
    public async Task Details_Anonymous_SentToSignIn()
    {
        var response = await _world.AnonymousClient().GetAsync($"/Suggestions/{_fixture.Transit}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_ScriptInTitle_IsShownAsText()
    {
        var client = await _world.ClientAsAsync("lgw");

        var html = await (await client.GetAsync($"/Suggestions/{_fixture.School}")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert('xss')</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;关于加强校园周边交通秩序管理的建议", html, StringComparison.Ordinal);
        var list = await (await client.GetAsync("/Suggestions?q=" + Uri.EscapeDataString("校园周边"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", list, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_AssignedSuggestion_ShowsFieldsUnitsDeadlineTimelineAndDiagram()
    {
        var client = await _world.ClientAsAsync("gaj.staff");

        var html = await (await client.GetAsync($"/Suggestions/{_fixture.School}")).Content.ReadAsStringAsync();

        Assert.Contains("第十八届第五次会议第", html, StringComparison.Ordinal);
        Assert.Contains("市公安局", html, StringComparison.Ordinal);
        Assert.Contains("张伟（武侯区代表团）", html, StringComparison.Ordinal);
        Assert.Contains("周副主任（常委会副主任）", html, StringComparison.Ordinal);
        Assert.Matches("id=\"days-left\"[^>]*>剩 \\d+ 天<", html);
        var timeline = Section(html, "timeline-section");
        Assert.Contains("提交建议", timeline, StringComparison.Ordinal);
        Assert.Contains("审核：受理", timeline, StringComparison.Ordinal);
        Assert.Contains("交办", timeline, StringComparison.Ordinal);
        Assert.True(timeline.IndexOf("提交建议", StringComparison.Ordinal) < timeline.IndexOf("审核：受理", StringComparison.Ordinal), "timeline in time order");
        Assert.Contains($"data-diagram-url=\"/Suggestions/{_fixture.School}?handler=Diagram\"", html, StringComparison.Ordinal);

        var diagrams = JsonNode.Parse(await (await client.GetAsync($"/Suggestions/{_fixture.School}?handler=Diagram")).Content.ReadAsStringAsync())!["diagrams"]!.AsArray();
        var intake = diagrams.Single(d => (string?)d!["definitionKey"] == "session-suggestion")!;
        Assert.Contains("review", intake["completed"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("<bpmn", (string?)intake["xml"], StringComparison.Ordinal);
        var handling = diagrams.Single(d => (string?)d!["definitionKey"] == "suggestion-handling")!;
        Assert.NotEmpty(handling["active"]!.AsArray());
    }

    [Fact]
    public async Task List_EachRoleSeesOnlyItsSuggestions()
    {
        async Task<HashSet<int>> IdsAsync(string user, string query = "")
        {
            var client = await _world.ClientAsAsync(user);
            var response = await client.GetAsync("/Suggestions" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return [.. RowId().Matches(await response.Content.ReadAsStringAsync()).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        }

        Assert.Superset(new HashSet<int> { _fixture.Transit, _fixture.School, _fixture.Unassigned }, await IdsAsync("lgw"));
        var unit = await IdsAsync("jtj.staff");
        Assert.Contains(_fixture.Transit, unit);
        Assert.DoesNotContain(_fixture.School, unit);
        Assert.DoesNotContain(_fixture.Unassigned, unit);
        Assert.Equal(new HashSet<int> { _fixture.School, _fixture.Unassigned }, await IdsAsync("deputy3"));
        Assert.Equal(new HashSet<int> { _fixture.School }, await IdsAsync("cjw.member"));
        Assert.Equal(new HashSet<int> { _fixture.School }, await IdsAsync("lgw", "?keyOnly=true"));
        Assert.Equal(new HashSet<int> { _fixture.Unassigned }, await IdsAsync("lgw", "?q=" + Uri.EscapeDataString("养老")));
    }

    /// <summary>
    /// 背靠背 over one round: while a co-signer has not rated, the unit sees nothing of the ratings; once the round is
    /// tallied it sees totals only, never a deputy's name or comment; the office sees every rating; each deputy only their own.
    /// </summary>
    [Fact]
    public async Task Ratings_BackToBack_UnitSeesTotalsOnlyAfterTheRound()
    {
        await _fixture.HandleTransitAsync();
        await _fixture.EvaluateAsync(1, "Unsatisfied", Complaint);

        var unitDuring = await PageAsync("jtj.staff");
        Assert.DoesNotContain(Complaint, unitDuring, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"rating-summary\"", unitDuring, StringComparison.Ordinal);
        Assert.DoesNotContain("不满意", Section(unitDuring, "ratings"), StringComparison.Ordinal);
        Assert.Contains("背靠背", Section(unitDuring, "ratings"), StringComparison.Ordinal);
        var coSignerDuring = await PageAsync("deputy2");
        Assert.DoesNotContain(Complaint, coSignerDuring, StringComparison.Ordinal);
        Assert.Contains(Complaint, await PageAsync("deputy1"), StringComparison.Ordinal);
        Assert.Contains(Complaint, await PageAsync("lgw"), StringComparison.Ordinal);

        await _fixture.EvaluateAsync(2, "Satisfied");

        var unitAfter = await PageAsync("jtj.staff");
        var ratings = Section(unitAfter, "ratings");
        Assert.Contains("满意 1 份，基本满意 0 份，不满意 1 份", ratings, StringComparison.Ordinal);
        Assert.DoesNotContain("王建国", ratings, StringComparison.Ordinal);
        Assert.DoesNotContain("李秀英", ratings, StringComparison.Ordinal);
        Assert.DoesNotContain(Complaint, unitAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"rating-details\"", unitAfter, StringComparison.Ordinal);
        var office = Section(await PageAsync("lgw"), "ratings");
        Assert.Contains("王建国", office, StringComparison.Ordinal);
        Assert.Contains("李秀英", office, StringComparison.Ordinal);
        var coSigner = Section(await PageAsync("deputy2"), "ratings");
        Assert.Contains("李秀英", coSigner, StringComparison.Ordinal);
        Assert.DoesNotContain(Complaint, coSigner, StringComparison.Ordinal);
    }

    private async Task<string> PageAsync(string userName)
    {
        var client = await _world.ClientAsAsync(userName);
        var response = await client.GetAsync($"/Suggestions/{_fixture.Transit}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("<tr data-id=\"(\\d+)\"")]
    private static partial Regex RowId();
}
