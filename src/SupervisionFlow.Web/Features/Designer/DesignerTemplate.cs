using System.Globalization;

namespace SupervisionFlow.Web.Features.Designer;

/// <summary>The smallest process the engine accepts, with diagram: start → one user task → end.</summary>
public static class DesignerTemplate
{
    public static string NewProcess(string key) => string.Format(CultureInfo.InvariantCulture, Xml, key);

    /// <summary>A process key that is not taken yet (the administrator renames it in the properties panel).</summary>
    public static string NewKey(TimeProvider clock) =>
        "process-" + clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_{0}" targetNamespace="http://supervisionflow/bpmn">
          <bpmn:process id="{0}" name="新流程" isExecutable="true">
            <bpmn:startEvent id="start" name="开始">
              <bpmn:outgoing>flow_start_task</bpmn:outgoing>
            </bpmn:startEvent>
            <bpmn:userTask id="task" name="办理" camunda:candidateGroups="office">
              <bpmn:incoming>flow_start_task</bpmn:incoming>
              <bpmn:outgoing>flow_task_end</bpmn:outgoing>
            </bpmn:userTask>
            <bpmn:endEvent id="end" name="结束">
              <bpmn:incoming>flow_task_end</bpmn:incoming>
            </bpmn:endEvent>
            <bpmn:sequenceFlow id="flow_start_task" sourceRef="start" targetRef="task" />
            <bpmn:sequenceFlow id="flow_task_end" sourceRef="task" targetRef="end" />
          </bpmn:process>
          <bpmndi:BPMNDiagram id="diagram">
            <bpmndi:BPMNPlane id="plane" bpmnElement="{0}">
              <bpmndi:BPMNShape id="start_di" bpmnElement="start">
                <dc:Bounds x="152" y="102" width="36" height="36" />
              </bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="task_di" bpmnElement="task">
                <dc:Bounds x="240" y="80" width="100" height="80" />
              </bpmndi:BPMNShape>
              <bpmndi:BPMNShape id="end_di" bpmnElement="end">
                <dc:Bounds x="392" y="102" width="36" height="36" />
              </bpmndi:BPMNShape>
              <bpmndi:BPMNEdge id="flow_start_task_di" bpmnElement="flow_start_task">
                <di:waypoint x="188" y="120" />
                <di:waypoint x="240" y="120" />
              </bpmndi:BPMNEdge>
              <bpmndi:BPMNEdge id="flow_task_end_di" bpmnElement="flow_task_end">
                <di:waypoint x="340" y="120" />
                <di:waypoint x="392" y="120" />
              </bpmndi:BPMNEdge>
            </bpmndi:BPMNPlane>
          </bpmndi:BPMNDiagram>
        </bpmn:definitions>
        """;
}
