using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Model;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>None start event: the token passes straight on.</summary>
internal sealed class StartEventBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node) =>
        executor.Leave(instance, token, node);
}

/// <summary>End events: none, terminate, error (uncaught: like none), escalation.</summary>
internal sealed class EndEventBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        var trigger = ((EndEventNode)node).Trigger;
        switch (trigger.Kind)
        {
            case EventTriggerKind.Terminate:
                executor.Terminate(instance, token);
                return;
            case EventTriggerKind.Error:
                executor.Rows.EndActivity(token, null, canceled: false);
                if (executor.ThrowError(instance, instance.Parent(token)!, trigger.Code))
                {
                    return;
                }
                break;
            case EventTriggerKind.Escalation:
                executor.Rows.EndActivity(token, null, canceled: false);
                if (!executor.ThrowEscalation(instance, instance.Parent(token)!, trigger.Code))
                {
                    return;
                }
                break;
        }
        if (instance.Contains(token))
        {
            executor.EndToken(instance, token);
        }
    }
}

/// <summary>Intermediate catch events: a timer job or a message subscription, then wait.</summary>
internal sealed class CatchEventBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        var trigger = ((IntermediateCatchEventNode)node).Trigger;
        if (trigger.Kind == EventTriggerKind.Timer)
        {
            executor.Rows.CreateTimer(instance, token, node, trigger.Timer!);
        }
        else
        {
            executor.Rows.CreateSubscription(instance, token, node.Id, trigger.MessageName!);
        }
    }
}

/// <summary>Intermediate throw events: none passes on; escalation is thrown first.</summary>
internal sealed class ThrowEventBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        var trigger = ((IntermediateThrowEventNode)node).Trigger;
        if (trigger.Kind == EventTriggerKind.Escalation && !executor.ThrowEscalation(instance, instance.Parent(token)!, trigger.Code))
        {
            return;
        }
        if (instance.Contains(token))
        {
            executor.Leave(instance, token, node);
        }
    }
}

/// <summary>Receive task: waits for its message.</summary>
internal sealed class ReceiveTaskBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node) =>
        executor.Rows.CreateSubscription(instance, token, node.Id, ((ReceiveTaskNode)node).MessageName);
}

/// <summary>Service and send tasks: a job runs the handler right after this command commits.</summary>
internal sealed class ServiceTaskBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node) =>
        executor.Rows.CreateServiceJob(instance, token, node);
}

/// <summary>Embedded sub-process: the token becomes the scope holding a new token at the inner start event.</summary>
internal sealed class SubProcessBehavior : IBehavior
{
    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        var sub = (SubProcessNode)node;
        var inner = instance.AddExecution(token, ExecutionKind.Token, sub.Start.Id);
        executor.Enter(instance, inner, sub.Start);
    }
}
