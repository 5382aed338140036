using System.Diagnostics;
using System.Text;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Parsing;

/// <summary>Files too big, too many-elemented, too deep or carrying a DTD are refused quickly with one clear error each.</summary>
public sealed class DeploymentLimitTests
{
    [Theory]
    [InlineData("Parsing/BillionLaughs.bpmn")]
    [InlineData("Parsing/ExternalEntity.bpmn")]
    public async Task Deploy_FileWithDtd_RefusedBeforeAnyEntityIsExpanded(string fixture)
    {
        await using var h = await EngineHarness.CreateAsync();
        var xml = EngineHarness.ReadFixture(fixture);
        var clock = Stopwatch.StartNew();

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(xml));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        var error = Assert.Single(rejected.Errors);
        Assert.Equal("DTD_PROHIBITED", error.Code);
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Engine.GetDefinitionsAsync());
    }

    [Fact]
    public async Task Deploy_MoreElementsThanTheLimit_RefusedWithOneError()
    {
        await using var h = await EngineHarness.CreateAsync(options: new EngineOptions { DeploymentMaxElements = 1_000, DeploymentMaxBytes = 100_000_000 });
        var clock = Stopwatch.StartNew();

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(UserTaskChain(50_000)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var error = Assert.Single(rejected.Errors);
        Assert.Equal("TOO_MANY_ELEMENTS", error.Code);
        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ChainJustUnderTheElementLimit_Deploys()
    {
        // 300 tasks + 301 flows + start, end, process, definitions = 605 elements.
        await using var h = await EngineHarness.CreateAsync(options: new EngineOptions { DeploymentMaxElements = 605 });

        var result = await h.Engine.DeployAsync(UserTaskChain(300));

        Assert.True(result.Created);
    }

    [Fact]
    public async Task Deploy_LargerThanTheByteLimit_RefusedAsTooLarge()
    {
        await using var h = await EngineHarness.CreateAsync(options: new EngineOptions { DeploymentMaxBytes = 10_000 });

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(UserTaskChain(200)));

        Assert.Equal("FILE_TOO_LARGE", Assert.Single(rejected.Errors).Code);
    }

    [Fact]
    public async Task Deploy_SubProcessesNestedDeeperThanTheLimit_RefusedAsNestedTooDeep()
    {
        await using var h = await EngineHarness.CreateAsync();
        var clock = Stopwatch.StartNew();

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(NestedSubProcesses(5_000)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal("NESTED_TOO_DEEP", Assert.Single(rejected.Errors).Code);
    }

    [Fact]
    public async Task Deploy_ThousandsOfProblems_ListsTheFirstHundredAndCountsTheRest()
    {
        await using var h = await EngineHarness.CreateAsync();
        var tasks = string.Concat(Enumerable.Range(0, 500).Select(i => $"<scriptTask id=\"s{i}\" />"));
        var xml = Definitions($"<startEvent id=\"start\" /><sequenceFlow id=\"f\" sourceRef=\"start\" targetRef=\"end\" /><endEvent id=\"end\" />{tasks}");

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(xml));

        Assert.Equal(101, rejected.Errors.Count);
        Assert.Equal("TOO_MANY_ERRORS", rejected.Errors[^1].Code);
    }

    private static string UserTaskChain(int tasks)
    {
        var body = new StringBuilder("<startEvent id=\"start\" /><sequenceFlow id=\"f0\" sourceRef=\"start\" targetRef=\"t0\" />");
        for (var i = 0; i < tasks; i++)
        {
            var next = i + 1 < tasks ? $"t{i + 1}" : "end";
            body.Append($"<userTask id=\"t{i}\" /><sequenceFlow id=\"f{i + 1}\" sourceRef=\"t{i}\" targetRef=\"{next}\" />");
        }
        return Definitions(body.Append("<endEvent id=\"end\" />").ToString());
    }

    private static string NestedSubProcesses(int depth)
    {
        var body = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            body.Append($"<subProcess id=\"sub{i}\">");
        }
        body.Append("<startEvent id=\"innerStart\" />");
        for (var i = 0; i < depth; i++)
        {
            body.Append("</subProcess>");
        }
        return Definitions($"<startEvent id=\"start\" />{body}<endEvent id=\"end\" />");
    }

    private static string Definitions(string processBody) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"defs\" " +
        $"targetNamespace=\"http://supervisionflow.test\"><process id=\"limits\" isExecutable=\"true\">{processBody}</process></definitions>";
}
