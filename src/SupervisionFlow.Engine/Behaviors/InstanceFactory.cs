using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>Creates instance rows, for the start command and for call activities.</summary>
internal static class InstanceFactory
{
    public static InstanceRuntime Create(
        CommandContext context, DefinitionStub definition, ProcessModel model, string? businessKey, JsonObject? variables,
        string? parentInstanceId, string? parentExecutionId)
    {
        var record = new ProcessInstanceRecord
        {
            Id = Execution.Execution.NewId(),
            DefinitionId = definition.Id,
            DefinitionKey = definition.Key,
            DefinitionVersion = definition.Version,
            BusinessKey = businessKey,
            State = InstanceStates.Active,
            ExecutionsJson = "[]",
            VariablesJson = "{}",
            ParentInstanceId = parentInstanceId,
            ParentExecutionId = parentExecutionId,
            StartedAt = context.NowUtc,
        };
        context.Db.Add(record);
        var instance = context.Track(new InstanceRuntime(record, model));
        context.SetVariables(instance, null, variables, null);
        return instance;
    }

    /// <summary>Puts the first token on the start event.</summary>
    public static void Begin(Executor executor, InstanceRuntime instance)
    {
        var root = instance.AddExecution(null, ExecutionKind.Root, null);
        var token = instance.AddExecution(root, ExecutionKind.Token, instance.Model.Start.Id);
        executor.Enter(instance, token, instance.Model.Start);
    }
}
