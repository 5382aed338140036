using System.Xml.Linq;

namespace SupervisionFlow.Engine.Parsing;

/// <summary>XML names of the BPMN 2.0 model and the Camunda 7 extension attributes.</summary>
internal static class BpmnNames
{
    public static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static readonly XNamespace Camunda = "http://camunda.org/schema/1.0/bpmn";

    /// <summary>Elements inside a process or sub-process that carry no behaviour and are skipped.</summary>
    public static readonly HashSet<string> Ignored =
    [
        "documentation", "extensionElements", "laneSet", "textAnnotation", "association", "group", "dataObject",
        "dataObjectReference", "dataStoreReference", "property", "ioSpecification", "dataInputAssociation",
        "dataOutputAssociation", "incoming", "outgoing",
    ];

    /// <summary>BPMN elements the engine does not run, with advice for the modeller.</summary>
    public static readonly Dictionary<string, string> Unsupported = new()
    {
        ["task"] = "a plain task has no behaviour: make it a user task, service task or receive task",
        ["manualTask"] = "manual tasks are not supported: use a user task",
        ["scriptTask"] = "script tasks are not supported: use a service task with a registered handler",
        ["businessRuleTask"] = "business rule tasks are not supported",
        ["complexGateway"] = "complex gateways are not supported: use an inclusive gateway",
        ["eventBasedGateway"] = "event-based gateways are not supported: use boundary events",
        ["transaction"] = "transactions are not supported",
        ["adHocSubProcess"] = "ad-hoc sub-processes are not supported",
        ["standardLoopCharacteristics"] = "standard loops are not supported: use multi-instance",
    };
}
