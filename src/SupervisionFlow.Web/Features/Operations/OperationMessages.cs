using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Web.Features.Shared;

namespace SupervisionFlow.Web.Features.Operations;

/// <summary>Chinese sentences for refused operations on a running process.</summary>
public static class OperationMessages
{
    public static string For(EngineException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            OperationErrorCodes.NoTokenAtActivity => "该环节当前没有待办，流程可能已向前推进，请刷新后重试。",
            OperationErrorCodes.TargetNotStartable => "不能跳转到该环节。",
            OperationErrorCodes.TargetInOtherScope => "只能在同一办理阶段（子流程）内退回或跳转。",
            OperationErrorCodes.MultiInstanceItemNotMovable => "会办等多单位并行环节中的单个任务不能退回，只能跳过，或整体退回该环节。",
            OperationErrorCodes.TimerNotFound => "该定时器已不存在（可能已触发）。",
            OperationErrorCodes.TimerStalled => "该定时器处于故障状态，请先在“提醒与任务”中重试。",
            OperationErrorCodes.DelegationStateInvalid => "该任务当前不能委托或交回。",
            OperationErrorCodes.DelegatedTaskNotCompletable => "委托中的任务应由受托人交回，不能直接办结。",
            _ => EngineMessages.For(error),
        };
    }
}
