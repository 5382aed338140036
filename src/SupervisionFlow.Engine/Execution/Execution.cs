using System.Text.Json.Nodes;

namespace SupervisionFlow.Engine.Execution;

/// <summary>What an execution stands for in the instance's execution tree.</summary>
internal enum ExecutionKind
{
    /// <summary>The process-level scope; its children are the tokens at process level.</summary>
    Root,

    /// <summary>A token at an activity, event or gateway; at a sub-process it also holds the inner tokens.</summary>
    Token,

    /// <summary>A multi-instance activity as a whole; its children are the instances.</summary>
    MultiInstanceRoot,

    /// <summary>One instance of a multi-instance activity.</summary>
    MultiInstanceItem,
}

/// <summary>Rows that may exist for an execution, so cancelling it only queries the tables that can hold them.</summary>
[Flags]
internal enum WaitRows
{
    None = 0,
    Task = 1,
    Job = 2,
    Subscription = 4,
}

/// <summary>One node of an instance's execution tree, stored as JSON in the instance row.</summary>
internal sealed class Execution
{
    public required string Id { get; set; }

    public string? ParentId { get; set; }

    public ExecutionKind Kind { get; set; }

    /// <summary>Where the execution is; null only for the root.</summary>
    public string? ActivityId { get; set; }

    /// <summary>The current activity instance: the history row's id (and the user task's id).</summary>
    public string? ActivityInstanceId { get; set; }

    /// <summary>True while the token waits at a parallel or inclusive join.</summary>
    public bool WaitingAtJoin { get; set; }

    /// <summary>The instance a call activity started and waits for.</summary>
    public string? CalledInstanceId { get; set; }

    public WaitRows Waits { get; set; }

    /// <summary>Variables local to this execution (multi-instance element variable, loop counters).</summary>
    public JsonObject? Variables { get; set; }

    /// <summary>The collection a multi-instance root runs over (kept for sequential instances).</summary>
    public JsonArray? Items { get; set; }

    public static string NewId() => Guid.CreateVersion7().ToString();
}
