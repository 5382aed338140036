using System.Collections.Concurrent;

namespace SupervisionFlow.Trials;

/// <summary>What the driver believes happened: only requests answered 2xx count.</summary>
public sealed class Ledger
{
    public ConcurrentDictionary<string, string> StartedInstances { get; } = new();

    /// <summary>Completed task id → its instance.</summary>
    public ConcurrentDictionary<string, string> CompletedTasks { get; } = new();

    /// <summary>Instances whose approve step was acknowledged: they wait for the message.</summary>
    public ConcurrentDictionary<string, string> Approved { get; } = new();

    /// <summary>Instances whose trial-ack message was acknowledged as correlated.</summary>
    public ConcurrentDictionary<string, bool> Acked { get; } = new();

    public int Requests;
    public int Failures;
}
