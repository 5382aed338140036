using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
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
    public async Task Deploy_SubProcessesNestedDeeperThanTheSubProcessLimit_RefusedNamingTheFirstLevelTooDeep()
    {
        await using var h = await EngineHarness.CreateAsync(options: new EngineOptions { DeploymentMaxSubProcessDepth = 5 });

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(RunnableNestedSubProcesses(6)));

        // One error for the whole too-deep part (what follows it is then unreachable, as for any rejected element).
        var error = Assert.Single(rejected.Errors, e => e.Code == "SUBPROCESS_TOO_DEEP");
        Assert.Equal("sub5", error.ElementId);
        Assert.Contains("Engine:DeploymentMaxSubProcessDepth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_SubProcessesNestedToTheDefaultLimit_RunsToTheInnermostTaskAndCompletes()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.Engine.DeployAsync(RunnableNestedSubProcesses(new EngineOptions().DeploymentMaxSubProcessDepth));

        var instance = await h.StartAsync("limits");
        await h.CompleteAsync(instance.Id, "task");

        Assert.Equal("completed", (await h.InstanceAsync(instance.Id)).State);
    }

    [Fact]
    public void Validate_FiftyThousandChainedTasksUnderRaisedLimits_CostsLinearTimeAndMemory()
    {
        // Reachability used to be a set per node: 8,000 tasks allocated 3 GB, 50,000 never finished (22 GB).
        var options = new EngineOptions { DeploymentMaxElements = int.MaxValue, DeploymentMaxBytes = long.MaxValue };
        var engine = new ProcessEngine(() => throw new InvalidOperationException("validation needs no database"), new FakeTimeProvider(), options: options);
        var xml = UserTaskChain(50_000);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var errors = engine.Validate(xml);

        Assert.Empty(errors);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(allocated < 1_000_000_000, $"allocated {allocated / 1_000_000} MB for a {xml.Length / 1_000_000} MB file");
    }

    [Fact]
    public void Validate_CallerAlreadyGone_StopsWithCancellation()
    {
        var engine = new ProcessEngine(() => throw new InvalidOperationException("validation needs no database"), new FakeTimeProvider());
        using var gone = new CancellationTokenSource();
        gone.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => engine.Validate(UserTaskChain(100), gone.Token));
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

    /// <summary>Each level: start → next level → end; the innermost holds a user task.</summary>
    private static string RunnableNestedSubProcesses(int depth)
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var inner = i + 1 < depth ? $"sub{i + 1}" : "task";
            open.Append($"<subProcess id=\"sub{i}\"><startEvent id=\"s{i}\" /><sequenceFlow id=\"in{i}\" sourceRef=\"s{i}\" targetRef=\"{inner}\" />");
            close.Insert(0, $"<sequenceFlow id=\"out{i}\" sourceRef=\"{inner}\" targetRef=\"e{i}\" /><endEvent id=\"e{i}\" /></subProcess>");
        }
        return Definitions("<startEvent id=\"start\" /><sequenceFlow id=\"f0\" sourceRef=\"start\" targetRef=\"sub0\" />" +
                           $"{open}<userTask id=\"task\" />{close}<sequenceFlow id=\"fe\" sourceRef=\"sub0\" targetRef=\"end\" /><endEvent id=\"end\" />");
    }

    private static string Definitions(string processBody) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"defs\" " +
        $"targetNamespace=\"http://supervisionflow.test\"><process id=\"limits\" isExecutable=\"true\">{processBody}</process></definitions>";
}
