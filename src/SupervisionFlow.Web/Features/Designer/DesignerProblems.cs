using SupervisionFlow.Engine;

namespace SupervisionFlow.Web.Features.Designer;

/// <summary>One validation problem as the designer lists it: the engine's stable code, element and line, a Chinese message.</summary>
public sealed record DesignerProblem(string Code, string? ElementId, int? Line, string Message, string Detail);

/// <summary>
/// Puts the engine's deployment errors (stable codes, English detail written for developers) into words an
/// administrator reads: a Chinese sentence per code, with the engine's own text kept as the detail.
/// </summary>
public static class DesignerProblems
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["XML_INVALID"] = "文件不是格式正确的 XML",
        ["NOT_BPMN"] = "文件不是 BPMN 2.0 流程定义",
        ["NO_EXECUTABLE_PROCESS"] = "没有可执行的流程（请勾选流程的“可执行”）",
        ["MISSING_ID"] = "元素缺少 ID",
        ["DUPLICATE_ID"] = "ID 重复",
        ["START_EVENT_MISSING"] = "缺少开始事件",
        ["START_EVENT_MULTIPLE"] = "开始事件多于一个",
        ["START_EVENT_INCOMING"] = "开始事件不能有流入的连线",
        ["END_EVENT_OUTGOING"] = "结束事件不能有流出的连线",
        ["UNREACHABLE"] = "从开始事件无法到达该元素",
        ["GATEWAY_NO_OUTGOING"] = "网关没有流出的连线",
        ["DEFAULT_FLOW_INVALID"] = "默认连线无效（必须是该元素流出的连线）",
        ["FLOW_CROSSES_SCOPE"] = "连线跨越了子流程的边界",
        ["EXPRESSION_INVALID"] = "表达式写法有误",
        ["TIMER_INVALID"] = "定时器的时间设置无效",
        ["MESSAGE_UNKNOWN"] = "引用的消息未声明",
        ["BOUNDARY_INVALID"] = "边界事件附着的位置无效",
        ["CALLED_ELEMENT_MISSING"] = "调用活动缺少被调用流程的标识（calledElement）",
        ["DELEGATE_MISSING"] = "服务任务未指定实现（camunda:delegateExpression 或 camunda:class）",
        ["HANDLER_UNKNOWN"] = "服务任务的实现不存在（系统中没有注册该处理程序）",
        ["FORM_FIELD_INVALID"] = "表单字段定义有误",
        ["MULTI_INSTANCE_INVALID"] = "多实例设置有误",
        ["UNSUPPORTED_ELEMENT"] = "流程引擎不支持该元素",
        ["DTD_PROHIBITED"] = "文件含有 DTD 声明（<!DOCTYPE>），出于安全原因不予接受，请删除该声明",
        ["FILE_TOO_LARGE"] = "文件过大",
        ["TOO_MANY_ELEMENTS"] = "流程元素过多，请拆分为多个流程",
        ["NESTED_TOO_DEEP"] = "嵌套层级过深（子流程嵌套过多）",
        ["SUBPROCESS_TOO_DEEP"] = "子流程嵌套层数过多，请减少嵌套",
        ["TOO_MANY_ERRORS"] = "问题过多，只列出前 100 个",
    };

    public static DesignerProblem Describe(DeploymentError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = Messages.TryGetValue(error.Code, out var text) ? text : "流程定义有误";
        return new DesignerProblem(error.Code, error.ElementId, error.Line is > 0 ? error.Line : null, message, error.Message);
    }

    public static IReadOnlyList<DesignerProblem> Describe(IEnumerable<DeploymentError> errors) => [.. errors.Select(Describe)];
}
