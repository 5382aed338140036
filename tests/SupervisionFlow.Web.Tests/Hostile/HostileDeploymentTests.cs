using System.Diagnostics;
using System.Net;
using System.Text;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Hostile;

/// <summary>
/// The deployments issue #16 found taking the host down, through <c>POST /api/engine/deployments</c> on SQLite: each is
/// refused within seconds with problem+json, memory stays bounded, and the host deploys a normal file right after.
/// </summary>
public sealed class HostileDeploymentTests
{
    private const long MemoryBound = 300_000_000;

    [Fact]
    public async Task Deploy_FiftyThousandChainedUserTasksPastTheByteLimit_Returns400TooManyElementsQuicklyAndBounded()
    {
        // The byte limit raised so the element count is what refuses the 6 MB file (the default 2 MB answers 413 sooner).
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:DeploymentMaxBytes"] = "100000000" });
        var client = host.CreateApiClient();
        var xml = UserTaskChain(50_000);
        var before = HostMemory.Measure();
        var clock = Stopwatch.StartNew();

        var response = await client.DeployXmlAsync(xml);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("TOO_MANY_ELEMENTS", (string?)Assert.Single(problem["errors"]!.AsArray())!["code"]);
        HostMemory.AssertGrewLessThan(before, MemoryBound);
        Assert.Equal(HttpStatusCode.Created, (await client.DeployXmlAsync(EngineApiClient.Fixture("OneUserTask.bpmn"))).StatusCode);
    }

    [Fact]
    public async Task Deploy_FiftyThousandChainedUserTasksWithLimitsRaised_ParsesInLinearTimeAndMemory()
    {
        // An operator who raises every limit still gets an answer: parsing used to take 22 GB and never answer.
        await using var host = new EngineApiHost(new Dictionary<string, string?>
        {
            ["Engine:DeploymentMaxBytes"] = "100000000",
            ["Engine:DeploymentMaxElements"] = "1000000",
        });
        var client = host.CreateApiClient();
        var xml = UserTaskChain(50_000);
        var before = HostMemory.Measure();
        var clock = Stopwatch.StartNew();

        var response = await client.DeployXmlAsync(xml);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        HostMemory.AssertGrewLessThan(before, MemoryBound);
    }

    [Fact]
    public async Task Deploy_FiftyThousandUnsupportedElements_AnswersTheFirstHundredProblemsInASmallBody()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?>
        {
            ["Engine:DeploymentMaxBytes"] = "100000000",
            ["Engine:DeploymentMaxElements"] = "1000000",
        });
        var client = host.CreateApiClient();
        var tasks = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            tasks.Append($"<manualTask id=\"m{i}\" />");
        }
        var clock = Stopwatch.StartNew();

        var response = await client.DeployXmlAsync(Definitions("manual", $"<startEvent id=\"s\" />{tasks}"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length < 64 * 1024, $"error body {body.Length} bytes (was 7.6 MB)");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray();
        Assert.Equal(101, errors.Count);
        Assert.Equal("TOO_MANY_ERRORS", (string?)errors[^1]!["code"]);
        Assert.StartsWith("49900 more", (string?)errors[^1]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_FiveThousandNestedSubProcesses_Returns400QuicklyAndTheHostStillServes()
    {
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();
        var before = HostMemory.Measure();
        var clock = Stopwatch.StartNew();

        var response = await client.DeployXmlAsync(NestedSubProcesses(5_000));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("NESTED_TOO_DEEP", (string?)Assert.Single(problem["errors"]!.AsArray())!["code"]);
        HostMemory.AssertGrewLessThan(before, MemoryBound);
        Assert.Equal(HttpStatusCode.Created, (await client.DeployXmlAsync(EngineApiClient.Fixture("OneUserTask.bpmn"))).StatusCode);
    }

    [Fact]
    public async Task Deploy_SubProcessesNestedPastTheSubProcessLimit_Returns400NamingTheFirstLevelTooDeep()
    {
        // 40 levels pass the XML depth limit (64) and are refused by the sub-process one (default 32).
        await using var host = new EngineApiHost();
        var client = host.CreateApiClient();

        var response = await client.DeployXmlAsync(NestedSubProcesses(40));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var error = problem["errors"]!.AsArray().Single(e => (string?)e!["code"] == "SUBPROCESS_TOO_DEEP")!;
        Assert.Equal("sub32", (string?)error["elementId"]);
        Assert.Contains("Engine:DeploymentMaxSubProcessDepth", (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(await client.GetArrayAsync("/api/engine/definitions"));
    }

    private static string UserTaskChain(int tasks)
    {
        var body = new StringBuilder("<startEvent id=\"start\" /><sequenceFlow id=\"f0\" sourceRef=\"start\" targetRef=\"t0\" />");
        for (var i = 0; i < tasks; i++)
        {
            var next = i + 1 < tasks ? $"t{i + 1}" : "end";
            body.Append($"<userTask id=\"t{i}\" camunda:candidateGroups=\"office\" /><sequenceFlow id=\"f{i + 1}\" sourceRef=\"t{i}\" targetRef=\"{next}\" />");
        }
        return Definitions("chain", body.Append("<endEvent id=\"end\" />").ToString());
    }

    /// <summary>Each level: start → next level → end; the innermost holds a user task.</summary>
    private static string NestedSubProcesses(int depth)
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var inner = i + 1 < depth ? $"sub{i + 1}" : "task";
            open.Append($"<subProcess id=\"sub{i}\"><startEvent id=\"s{i}\" /><sequenceFlow id=\"in{i}\" sourceRef=\"s{i}\" targetRef=\"{inner}\" />");
            close.Insert(0, $"<sequenceFlow id=\"out{i}\" sourceRef=\"{inner}\" targetRef=\"e{i}\" /><endEvent id=\"e{i}\" /></subProcess>");
        }
        return Definitions("nested", "<startEvent id=\"start\" /><sequenceFlow id=\"f0\" sourceRef=\"start\" targetRef=\"sub0\" />" +
                                     $"{open}<userTask id=\"task\" camunda:candidateGroups=\"office\" />{close}<sequenceFlow id=\"fe\" sourceRef=\"sub0\" targetRef=\"end\" /><endEvent id=\"end\" />");
    }

    private static string Definitions(string key, string processBody) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" " +
        $"id=\"defs\" targetNamespace=\"http://supervisionflow.test\"><process id=\"{key}\" isExecutable=\"true\">{processBody}</process></definitions>";
}
