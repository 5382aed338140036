using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>What happens when a token enters a kind of node: pass on at once, or create a wait row and stop.</summary>
internal interface IBehavior
{
    void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node);
}

/// <summary>Maps each node type to its behaviour (all stateless singletons).</summary>
internal static class BehaviorRegistry
{
    private static readonly StartEventBehavior Start = new();
    private static readonly EndEventBehavior End = new();
    private static readonly CatchEventBehavior Catch = new();
    private static readonly ThrowEventBehavior Throw = new();
    private static readonly UserTaskBehavior UserTask = new();
    private static readonly ServiceTaskBehavior ServiceTask = new();
    private static readonly ReceiveTaskBehavior ReceiveTask = new();
    private static readonly SubProcessBehavior SubProcess = new();
    private static readonly CallActivityBehavior CallActivity = new();
    private static readonly ExclusiveGatewayBehavior Exclusive = new();
    private static readonly ParallelGatewayBehavior Parallel = new();
    private static readonly InclusiveGatewayBehavior Inclusive = new();

    public static IBehavior For(FlowNode node) => node switch
    {
        StartEventNode => Start,
        EndEventNode => End,
        IntermediateCatchEventNode => Catch,
        IntermediateThrowEventNode => Throw,
        UserTaskNode => UserTask,
        ServiceTaskNode => ServiceTask,
        ReceiveTaskNode => ReceiveTask,
        SubProcessNode => SubProcess,
        CallActivityNode => CallActivity,
        ExclusiveGatewayNode => Exclusive,
        ParallelGatewayNode => Parallel,
        InclusiveGatewayNode => Inclusive,
        _ => throw new InvalidOperationException($"No behaviour for {node}; boundary events are triggered, not entered."),
    };
}
