using SupervisionFlow.Engine;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>
/// The engine's refusal codes (<see cref="EngineErrorCodes"/>) in the words a user reads. Pages map the code, never
/// the English message, so rewording the engine's messages cannot change what a user sees.
/// </summary>
public static class EngineMessages
{
    /// <summary>What the task page says when someone else got there first.</summary>
    public const string HandledByOthers = "该任务已被他人处理，请返回待办刷新。";

    /// <summary>What a page says when saving failed for another reason: nothing was changed, the user may try again.</summary>
    public const string SaveFailed = "保存未成功，本次提交未生效，请稍后重试。";

    /// <summary>A sentence for a refused command.</summary>
    public static string For(EngineException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            // Before the lost-race test, which counts a claim by someone else as one too: here it has its own words.
            EngineErrorCodes.TaskAssignedToOther or EngineErrorCodes.TaskClaimedByOther => "该任务已被他人认领。",
            var code when EngineErrorCodes.IsLostRace(code) => HandledByOthers,
            EngineErrorCodes.TaskNotFound => "该任务不存在或已办结。",
            EngineErrorCodes.InstanceNotFound => "对应的流程实例不存在。",
            EngineErrorCodes.DefinitionNotFound => "所需的流程尚未部署，请联系系统管理员。",
            EngineErrorCodes.NoFlowTaken or EngineErrorCodes.BadRuntimeValue => "流程配置无法处理本次提交，请联系系统管理员。",
            EngineErrorCodes.FormInvalid => "表单有误，请检查后再提交。",
            _ => SaveFailed,
        };
    }

    /// <summary>One form field's problem, worded with its label.</summary>
    public static string For(FormFieldProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Code switch
        {
            EngineErrorCodes.FieldRequired => $"“{problem.Label}”为必填项",
            EngineErrorCodes.FieldNotText => $"“{problem.Label}”必须是文本",
            EngineErrorCodes.FieldNotWholeNumber => $"“{problem.Label}”必须是整数",
            EngineErrorCodes.FieldNotBoolean => $"“{problem.Label}”必须是“是”或“否”",
            EngineErrorCodes.FieldNotDate => $"“{problem.Label}”必须是日期",
            EngineErrorCodes.FieldNotInEnum => $"“{problem.Label}”必须是以下之一：{string.Join("、", problem.Allowed ?? [])}",
            _ => $"“{problem.Label}”填写有误",
        };
    }
}
