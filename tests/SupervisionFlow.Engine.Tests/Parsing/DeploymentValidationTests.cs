using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Parsing;

/// <summary>Every file here is rejected whole: each problem listed with its stable code, element id and line; nothing deployed.</summary>
public sealed class DeploymentValidationTests
{
    private const string Folder = "Parsing/";

    public static TheoryData<string, string, string> InvalidFiles => new()
    {
        // file, expected code, acceptable element ids ('|'-separated; "-" = none expected)
        { "NotBpmn.bpmn", "NOT_BPMN", "-" },
        { "NoExecutableProcess.bpmn", "NO_EXECUTABLE_PROCESS", "-|invalid" },
        { "DuplicateId.bpmn", "DUPLICATE_ID", "work" },
        { "UnsupportedScriptTask.bpmn", "UNSUPPORTED_ELEMENT", "work" },
        { "UnsupportedComplexGateway.bpmn", "UNSUPPORTED_ELEMENT", "work" },
        { "UnsupportedSignalEvent.bpmn", "UNSUPPORTED_ELEMENT", "work" },
        { "UnsupportedConditionalEvent.bpmn", "UNSUPPORTED_ELEMENT", "work" },
        { "UnsupportedLinkEvent.bpmn", "UNSUPPORTED_ELEMENT", "work" },
        { "UnsupportedMessageStart.bpmn", "UNSUPPORTED_ELEMENT", "start" },
        { "UnsupportedEventSubProcess.bpmn", "UNSUPPORTED_ELEMENT", "eventSub" },
        { "StartEventMissing.bpmn", "START_EVENT_MISSING", "invalid" },
        { "StartEventMultiple.bpmn", "START_EVENT_MULTIPLE", "invalid|start|start2" },
        { "SubProcessStartMissing.bpmn", "START_EVENT_MISSING", "work" },
        { "FlowSourceMissing.bpmn", "FLOW_SOURCE_MISSING", "fBad" },
        { "FlowTargetMissing.bpmn", "FLOW_TARGET_MISSING", "fBad" },
        { "FlowCrossesScope.bpmn", "FLOW_CROSSES_SCOPE", "fCross" },
        { "Unreachable.bpmn", "UNREACHABLE", "island" },
        { "GatewayNoOutgoing.bpmn", "GATEWAY_NO_OUTGOING", "gw" },
        { "EndEventOutgoing.bpmn", "END_EVENT_OUTGOING", "end|fAfterEnd" },
        { "ExpressionInvalid.bpmn", "EXPRESSION_INVALID", "fBroken" },
        { "TimerInvalidDuration.bpmn", "TIMER_INVALID", "work" },
        { "TimerMissingDefinition.bpmn", "TIMER_INVALID", "work" },
        { "TimerCron.bpmn", "TIMER_INVALID", "work" },
        { "TimerInvalidDate.bpmn", "TIMER_INVALID", "work" },
        { "HandlerUnknown.bpmn", "HANDLER_UNKNOWN", "work" },
        { "DelegateMissing.bpmn", "DELEGATE_MISSING", "work" },
        { "MessageRefMissing.bpmn", "MESSAGE_UNKNOWN", "work" },
        { "MessageUndeclared.bpmn", "MESSAGE_UNKNOWN", "work" },
        { "ErrorUnknown.bpmn", "ERROR_UNKNOWN", "errorEnd" },
        { "EscalationUnknown.bpmn", "ESCALATION_UNKNOWN", "escalationEnd" },
        { "CalledElementMissing.bpmn", "CALLED_ELEMENT_MISSING", "work" },
        { "CalledElementBindingUnsupported.bpmn", "CALLED_ELEMENT_BINDING_UNSUPPORTED", "work" },
        { "CalledElementVersionMissing.bpmn", "CALLED_ELEMENT_BINDING_UNSUPPORTED", "work" },
        { "BoundaryAttachedToMissing.bpmn", "BOUNDARY_INVALID", "deadline" },
        { "BoundaryOnGateway.bpmn", "BOUNDARY_INVALID", "deadline" },
        { "MultiInstanceInvalid.bpmn", "MULTI_INSTANCE_INVALID", "work" },
        { "DefaultFlowInvalid.bpmn", "DEFAULT_FLOW_INVALID", "gw" },
        { "FormFieldInvalid.bpmn", "FORM_FIELD_INVALID", "work|budget" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public async Task Deploy_InvalidFile_RejectedWithCodeElementAndLine(string file, string code, string elementIds)
    {
        await using var h = await EngineHarness.CreateAsync();
        var xml = EngineHarness.ReadFixture(Folder + file);

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(xml));

        var listed = string.Join("\n", rejected.Errors.Select(e => $"{e.Code} {e.ElementId} line {e.Line}: {e.Message}"));
        var accepted = elementIds.Split('|').Select(id => id == "-" ? null : id).ToList();
        var error = rejected.Errors.FirstOrDefault(e => e.Code == code && accepted.Contains(e.ElementId));
        Assert.True(error is not null, $"expected {code} on {elementIds}; got:\n{listed}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        if (error.ElementId is not null)
        {
            // the line of the element, or of the accepted part of it at fault (e.g. the form field of a user task)
            var lines = accepted.OfType<string>().SelectMany(id => LinesOf(xml, $"id=\"{id}\"")).ToList();
            Assert.Contains(error.Line, lines);
        }
        Assert.Empty(await h.Engine.GetDefinitionsAsync());
        Assert.Contains(h.Engine.Validate(xml), e => e.Code == code && e.ElementId == error.ElementId);
    }

    [Fact]
    public async Task Deploy_XmlNotWellFormed_XmlInvalidWithLine()
    {
        await using var h = await EngineHarness.CreateAsync();

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.DeployFixtureAsync(Folder + "XmlInvalid.bpmn"));

        var error = Assert.Single(rejected.Errors);
        Assert.Equal("XML_INVALID", error.Code);
        // the unclosed <startEvent> on line 4 is noticed at </process> on line 7
        Assert.Equal(7, error.Line);
        Assert.Empty(await h.Engine.GetDefinitionsAsync());
    }

    [Fact]
    public async Task Deploy_ElementWithoutId_MissingIdOnItsLine()
    {
        await using var h = await EngineHarness.CreateAsync();
        var xml = EngineHarness.ReadFixture(Folder + "MissingId.bpmn");

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(xml));

        var error = Assert.Single(rejected.Errors, e => e.Code == "MISSING_ID");
        Assert.Equal(LinesOf(xml, "<userTask name=\"No id\"").Single(), error.Line);
    }

    [Fact]
    public async Task Deploy_SeveralProblems_EveryOneListed()
    {
        await using var h = await EngineHarness.CreateAsync();
        var xml = EngineHarness.ReadFixture(Folder + "ManyProblems.bpmn");

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(xml));

        var found = rejected.Errors.Select(e => (e.Code, e.ElementId)).ToList();
        var listed = string.Join("\n", rejected.Errors.Select(e => $"{e.Code} {e.ElementId} line {e.Line}"));
        Assert.True(found.Contains(("UNSUPPORTED_ELEMENT", "script")), listed);
        Assert.True(found.Contains(("TIMER_INVALID", "wait")), listed);
        Assert.True(found.Contains(("HANDLER_UNKNOWN", "notify")), listed);
        Assert.True(found.Contains(("FLOW_TARGET_MISSING", "f4")), listed);
        Assert.True(found.Contains(("END_EVENT_OUTGOING", "end")) || found.Contains(("END_EVENT_OUTGOING", "f5")), listed);
        Assert.All(rejected.Errors, e => Assert.True(e.Line > 0, $"{e.Code} {e.ElementId} has no line"));
        Assert.Empty(await h.Engine.GetDefinitionsAsync());
    }

    [Fact]
    public async Task Deploy_FlowsToRejectedElements_NotReportedAsMissingEnds()
    {
        await using var h = await EngineHarness.CreateAsync();
        var xml = EngineHarness.ReadFixture(Folder + "ManyProblems.bpmn");

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.Engine.DeployAsync(xml));

        // f1, f2, f3 and f5 connect elements that are in the file (some of them rejected for their own reasons):
        // "source/target missing" would send the modeller looking for a problem that is not there
        var listed = string.Join("\n", rejected.Errors.Select(e => $"{e.Code} {e.ElementId} line {e.Line}"));
        Assert.DoesNotContain(rejected.Errors, e =>
            e.Code is "FLOW_SOURCE_MISSING" or "FLOW_TARGET_MISSING" && e.ElementId is "f1" or "f2" or "f3" or "f5");
        Assert.True(rejected.Errors.Count(e => e.Code == "FLOW_TARGET_MISSING") == 1, listed);
    }

    [Fact]
    public async Task Deploy_OneOfTwoProcessesInvalid_NeitherDeployed()
    {
        await using var h = await EngineHarness.CreateAsync();

        var rejected = await Assert.ThrowsAsync<DeploymentException>(() => h.DeployFixtureAsync(Folder + "OneProcessInvalid.bpmn"));

        Assert.Contains(rejected.Errors, e => e.Code == "UNSUPPORTED_ELEMENT" && e.ElementId == "script");
        Assert.Empty(await h.Engine.GetDefinitionsAsync());
        await Assert.ThrowsAsync<EngineNotFoundException>(() => h.StartAsync("good"));
    }

    [Fact]
    public async Task Validate_ValidFile_NoErrorsAndNothingDeployed()
    {
        await using var h = await EngineHarness.CreateAsync();

        var errors = h.Engine.Validate(EngineHarness.ReadFixture("Elements/Gateways/ExclusiveGateway.bpmn"));

        Assert.Empty(errors);
        Assert.Empty(await h.Engine.GetDefinitionsAsync());
    }

    private static List<int?> LinesOf(string xml, string text) =>
        [.. xml.Split('\n').Select((line, index) => (line, index)).Where(x => x.line.Contains(text, StringComparison.Ordinal)).Select(x => (int?)(x.index + 1))];
}
