using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Admin.Migrations;

/// <summary>Version 2 of workflows/suggestion-handling.bpmn for migration tests: a new step before 拟写答复.</summary>
internal static class HandlingVersionTwo
{
    public const string NewStep = "reviewDraft";

    /// <summary>The deployed handling process with 答复前审核 inserted between 待拟答复 and 拟写答复.</summary>
    public static string Xml()
    {
        var xml = File.ReadAllText(Path.Combine(RepoPaths.Workflows, "suggestion-handling.bpmn"));
        const string Flow = """<sequenceFlow id="flowDraftReplyMergeToDraftReply" sourceRef="draftReplyMerge" targetRef="draftReply" />""";
        Assert.Contains(Flow, xml);
        return xml.Replace(Flow, $"""
            <sequenceFlow id="flowDraftReplyMergeToDraftReply" sourceRef="draftReplyMerge" targetRef="{NewStep}" />
                  <userTask id="{NewStep}" name="答复前审核" camunda:candidateGroups="unit:${"{"}unit{"}"}" />
                  <sequenceFlow id="flowReviewDraftToDraftReply" sourceRef="{NewStep}" targetRef="draftReply" />
            """, StringComparison.Ordinal);
    }
}
