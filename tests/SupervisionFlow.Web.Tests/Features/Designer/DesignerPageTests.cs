using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Designer;

/// <summary>流程设计 through the real host: validation problems per element, deployment of new versions, admin only.</summary>
[Collection(WebCollection.Name)]
public sealed class DesignerPageTests(WebWorldFixture world)
{
    private readonly WebWorld _world = world.Value;

    /// <summary>A gateway with no way out and a flow to a missing target: two element-level problems.</summary>
    private const string BrokenXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <process id="designer-broken" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
            <exclusiveGateway id="gw" name="判断" />
            <sequenceFlow id="f2" sourceRef="start" targetRef="nowhere" />
          </process>
        </definitions>
        """;

    private static string Process(string key, string taskName) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
          <process id="{key}" name="测试流程" isExecutable="true">
            <startEvent id="start" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="task" />
            <userTask id="task" name="{taskName}" camunda:candidateGroups="office" />
            <sequenceFlow id="f2" sourceRef="task" targetRef="end" />
            <endEvent id="end" />
          </process>
        </definitions>
        """;

    private static async Task<HttpResponseMessage> PostXmlAsync(HttpClient client, string handler, string xml, bool withToken = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Designer/Edit?handler={handler}")
        {
            Content = new StringContent(xml, Encoding.UTF8, "application/xml"),
        };
        if (withToken)
        {
            request.Headers.Add("RequestVerificationToken", await client.TokenAsync("/Designer/Edit"));
        }
        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    [Fact]
    public async Task Validate_BrokenProcess_ListsProblemsWithElementLineAndChineseMessage()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var response = await PostXmlAsync(client, "Validate", BrokenXml);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var problems = (await JsonAsync(response))["problems"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var gateway = Assert.Single(problems, p => (string?)p["code"] == "GATEWAY_NO_OUTGOING");
        Assert.Equal("gw", (string?)gateway["elementId"]);
        Assert.Equal(6, (int?)gateway["line"]);
        Assert.Equal("网关没有流出的连线", (string?)gateway["message"]);
        Assert.False(string.IsNullOrEmpty((string?)gateway["detail"]));
        Assert.Contains(problems, p => (string?)p["elementId"] == "f2");
        // Validation deploys nothing.
        Assert.Empty(await _world.Engine.GetDefinitionsAsync("designer-broken"));
    }

    [Fact]
    public async Task Deploy_FileWithADtd_RefusedWithAChineseReasonAndNothingDeployed()
    {
        var client = await _world.ClientAsAsync("sysadmin");
        var xml = Process("designer-dtd", "办理").Replace("<definitions", "<!DOCTYPE definitions [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<definitions", StringComparison.Ordinal);

        var response = await PostXmlAsync(client, "Deploy", xml);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Assert.Single((await JsonAsync(response))["problems"]!.AsArray())!;
        Assert.Equal("DTD_PROHIBITED", (string?)problem["code"]);
        Assert.StartsWith("文件含有 DTD 声明", (string?)problem["message"], StringComparison.Ordinal);
        Assert.Empty(await _world.Engine.GetDefinitionsAsync("designer-dtd"));
    }

    [Fact]
    public async Task Deploy_FileLargerThanTheEngineAccepts_Refused413WithTheLimitInChinese()
    {
        var client = await _world.ClientAsAsync("sysadmin");
        var xml = Process("designer-huge", "办理") + "<!--" + new string('x', 2 * 1024 * 1024) + "-->";

        var response = await PostXmlAsync(client, "Deploy", xml);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("文件过大（上限 2 MB）", (string?)(await JsonAsync(response))["problems"]![0]!["message"]);
    }

    [Fact]
    public async Task Validate_ValidProcess_ReportsNoProblems()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var response = await PostXmlAsync(client, "Validate", Process("designer-valid", "办理"));

        Assert.Empty((await JsonAsync(response))["problems"]!.AsArray());
    }

    [Fact]
    public async Task Deploy_TwiceWithChanges_CreatesVersionsAndListsWhoDeployed()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var first = await JsonAsync(await PostXmlAsync(client, "Deploy", Process("designer-versions", "办理")));
        var second = await PostXmlAsync(client, "Deploy", Process("designer-versions", "审核后办理"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((bool)first["created"]!);
        var deployed = (await JsonAsync(second))["definitions"]!.AsArray().Single()!.AsObject();
        Assert.Equal(2, (int)deployed["version"]!);
        Assert.Equal([1, 2], (await _world.Engine.GetDefinitionsAsync("designer-versions")).Select(d => d.Version).Order());
        var list = await (await client.GetAsync("/Designer")).Content.ReadAsStringAsync();
        Assert.Contains("data-key=\"designer-versions\" data-version=\"2\"", list, StringComparison.Ordinal);
        Assert.Contains("sysadmin（测试）", list, StringComparison.Ordinal);
        // Each version opens in the modeler, and its XML is what was deployed.
        var xml = await (await client.GetAsync($"/Designer/Edit?id={Uri.EscapeDataString((string)deployed["id"]!)}&handler=Xml")).Content.ReadAsStringAsync();
        Assert.Contains("审核后办理", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UnchangedXml_CreatesNoVersion()
    {
        var client = await _world.ClientAsAsync("sysadmin");
        await PostXmlAsync(client, "Deploy", Process("designer-same", "办理"));

        var again = await JsonAsync(await PostXmlAsync(client, "Deploy", Process("designer-same", "办理")));

        Assert.False((bool)again["created"]!);
        Assert.Single(await _world.Engine.GetDefinitionsAsync("designer-same"));
    }

    [Fact]
    public async Task Deploy_BrokenProcess_Returns400WithTheProblemsAndDeploysNothing()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var response = await PostXmlAsync(client, "Deploy", BrokenXml);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await JsonAsync(response))["problems"]!.AsArray(), p => (string?)p!["elementId"] == "gw");
        Assert.Empty(await _world.Engine.GetDefinitionsAsync("designer-broken"));
    }

    [Fact]
    public async Task Deploy_WithoutAntiforgeryToken_IsRejected()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var response = await PostXmlAsync(client, "Deploy", Process("designer-csrf", "办理"), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _world.Engine.GetDefinitionsAsync("designer-csrf"));
    }

    [Theory]
    [InlineData("lgw")]
    [InlineData("jtj.staff")]
    [InlineData("deputy1")]
    [InlineData("zhou")]
    public async Task Designer_NonAdmin_IsDeniedEveryPageAndPost(string userName)
    {
        var client = await _world.ClientAsAsync(userName);

        foreach (var url in new[] { "/Designer", "/Designer/Edit", "/Designer/Edit?handler=Xml", "/Designer/Selection" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        var denied = await client.GetAsync("/Auth/AccessDenied");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var post = await client.PostAsync("/Designer/Edit?handler=Deploy", new StringContent(Process("designer-intruder", "办理"), Encoding.UTF8, "application/xml"));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Empty(await _world.Engine.GetDefinitionsAsync("designer-intruder"));
    }

    [Fact]
    public async Task Designer_Anonymous_IsSentToSignIn()
    {
        var response = await _world.AnonymousClient().GetAsync("/Designer/Edit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditPage_HasTheModelerHooksAndLoadsLibrariesFromTheHost()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var html = await (await client.GetAsync("/Designer/Edit")).Content.ReadAsStringAsync();

        foreach (var id in new[] { "id=\"designer-canvas\"", "id=\"properties-panel\"", "id=\"validate\"", "id=\"deploy\"", "id=\"problems\"", "id=\"new\"" })
        {
            Assert.Contains(id, html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // CSP script-src 'self': no inline script
        // Nothing loaded from another host (a CDN): every src/href is a path on this one. (Searching the page for "cdn"
        // also matched the random antiforgery token now and then.)
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        foreach (var library in new[]
                 {
                     "/lib/bpmn-js/dist/bpmn-modeler.production.min.js", "/lib/bpmn-js-properties-panel/dist/bpmn-js-properties-panel.umd.js",
                     "/lib/bpmn-js/dist/assets/bpmn-js.css", "/lib/@bpmn-io/properties-panel/dist/assets/properties-panel.css",
                     "/lib/camunda-bpmn-moddle/resources/camunda.json", "/lib/bpmn-js/dist/assets/bpmn-font/font/bpmn.woff2",
                 })
        {
            if (library.EndsWith(".js", StringComparison.Ordinal) || library.EndsWith(".css", StringComparison.Ordinal))
            {
                Assert.Contains(library, html, StringComparison.Ordinal);
            }
            var response = await _world.AnonymousClient().GetAsync(library);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{library}: {(int)response.StatusCode}");
        }
        var template = await (await client.GetAsync("/Designer/Edit?handler=Xml")).Content.ReadAsStringAsync();
        Assert.Empty(_world.Engine.Validate(template));
    }

    [Fact]
    public async Task BrowserLibraries_OnlyTheCopiedDistFilesAreServed()
    {
        var client = _world.AnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lib/echarts/dist/echarts.min.js")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/lib/bpmn-js/package.json")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/lib/bpmn-js/lib/Modeler.js")).StatusCode);
    }

    [Fact]
    public async Task Selection_SessionSlotSetToADeployedProcess_NewSessionSuggestionsStartIt()
    {
        var client = await _world.ClientAsAsync("sysadmin");
        await PostXmlAsync(client, "Deploy", Process("designer-session-alt", "受理"));

        var response = await client.PostFormAsync("/Designer/Selection", new Dictionary<string, string>
        {
            ["slot"] = "BetweenSession", ["definitionKey"] = "designer-session-alt", ["version"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await (await client.GetAsync("/Designer/Selection")).Content.ReadAsStringAsync();
        Assert.Contains("designer-session-alt:最新版本", page, StringComparison.Ordinal);
        var started = await _world.WithScopeAsync(async services =>
        {
            var intake = services.GetRequiredService<Web.Domain.Handling.SuggestionIntakeService>();
            var suggestion = await intake.SubmitAsync(new Web.Domain.Handling.SubmitSuggestion(
                Web.Domain.Suggestions.SuggestionKind.BetweenSession, 18, 5, "闭会期间的建议", "内容", "交通邮电", null, 1, [], Web.Domain.Suggestions.DisclosureConsent.None, false),
                new Web.Domain.Handling.Actor("deputy1", "代表", new HashSet<string> { Web.Domain.Handling.Actor.DeputyGroup(1) }));
            return await services.GetRequiredService<ProcessEngine>().GetInstanceAsync(suggestion.ProcessInstanceId!);
        });
        Assert.Equal("designer-session-alt", started!.DefinitionKey);
        // Back to the default: session suggestions were never affected.
        await client.PostFormAsync("/Designer/Selection", new Dictionary<string, string> { ["slot"] = "BetweenSession", ["definitionKey"] = "" });
        Assert.Contains("between-session-suggestion:最新版本（默认）", await (await client.GetAsync("/Designer/Selection")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selection_UnknownVersion_ShowsTheErrorAndKeepsTheDefault()
    {
        var client = await _world.ClientAsAsync("sysadmin");

        var response = await client.PostFormAsync("/Designer/Selection", new Dictionary<string, string>
        {
            ["slot"] = "Session", ["definitionKey"] = "session-suggestion", ["version"] = "99",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"field-error\">该版本不存在", html, StringComparison.Ordinal);
        Assert.Contains("session-suggestion:最新版本（默认）", html, StringComparison.Ordinal);
    }
}
